FROM debian:12
RUN apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u8
RUN apt-get install -y -o APT::Install-Recommends=false curl=7.88.1-10+deb12u8
RUN apt-get install -s curl
