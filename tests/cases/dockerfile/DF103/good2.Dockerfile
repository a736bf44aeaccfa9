# an archive snapshot (apt 2.7+) pins every package it installs
FROM debian:trixie
RUN apt-get install --snapshot 20240301T000000Z -y --no-install-recommends curl
RUN apt-get install -y --no-install-recommends --snapshot=20240301T000000Z curl
RUN apt-get -S 20240301T000000Z install -y --no-install-recommends curl
RUN apt-get -o APT::Snapshot=20240301T000000Z install -y --no-install-recommends curl
