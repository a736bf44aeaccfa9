FROM debian:12
ARG CURL_VERSION=7.88.1-10+deb12u8
RUN apt-get update && apt-get install -y --no-install-recommends \
      curl=$CURL_VERSION "git=${GIT_VERSION}" \
      ca-certificates=20230311
# local packages and files are not packages to pin
RUN apt-get install -y --no-install-recommends ./tool_1.0_amd64.deb /tmp/other.deb
RUN apt-get install -y -o Dpkg::Options::=--force-confold --no-install-recommends -t bookworm tzdata=2024a-0+deb12u1
RUN apt-get install -y --no-install-recommends $PACKAGES
# simulations install nothing
RUN if apt-get install -s "postgresql-16-jit" > /dev/null; then echo yes; fi
RUN apt-get install -y --no-install-recommends golang/bookworm-backports
