FROM debian:12
RUN echo 'APT::Get::Assume-Yes "true";' > /etc/apt/apt.conf.d/90assumeyes
RUN apt-get install --no-install-recommends curl=7.88.1-10+deb12u8
