FROM debian:12
RUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u8
RUN apt update && apt-get upgrade -y
RUN set -eux; apt-get update; apt-get build-dep -y hello
RUN apk update && apk add curl=8.11.1-r0
RUN yum update -y && yum clean all
RUN zypper -n update && zypper clean
