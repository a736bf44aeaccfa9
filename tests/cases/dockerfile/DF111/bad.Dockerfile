FROM debian:12
RUN apt update && apt install -y --no-install-recommends curl=7.88.1-10+deb12u8
RUN apt full-upgrade -y
