FROM debian:12
RUN apt-get update && apt-get install -y --no-install-recommends curl git=1:2.39.5-0+deb12u1 \
      ca-certificates
RUN apt-get install -qy -t bookworm-backports --no-install-recommends golang
