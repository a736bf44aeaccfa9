FROM debian:12
RUN cat /etc/os-release | grep VERSION_ID && cat "$CHECKSUMS" | sha256sum -c -
