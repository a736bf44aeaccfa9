FROM debian:12
RUN apt-get update && apt-get install --no-install-recommends curl=7.88.1-10+deb12u8
RUN DEBIAN_FRONTEND=noninteractive apt-get install --no-install-recommends git=1:2.39.5-0+deb12u1
RUN apt-get -q remove curl
