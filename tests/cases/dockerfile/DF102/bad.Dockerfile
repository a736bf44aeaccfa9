FROM debian:12
USER app
RUN sudo apt-get update
RUN DEBIAN_FRONTEND=noninteractive sudo -E apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u8
