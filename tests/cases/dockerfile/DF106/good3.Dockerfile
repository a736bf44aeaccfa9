FROM debian:12
COPY <<EOF /etc/apt/apt.conf.d/90assumeyes
APT::Get::Assume-Yes "true";
EOF
RUN apt-get install --no-install-recommends curl=7.88.1-10+deb12u8
