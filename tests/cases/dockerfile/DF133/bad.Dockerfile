FROM debian:12
RUN apt-get update
RUN apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u8
RUN apt-get install -y --no-install-recommends git=1:2.39.5-0+deb12u1 && apt-get update
RUN apk update
