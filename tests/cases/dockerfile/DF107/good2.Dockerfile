FROM debian:12
RUN echo 'APT::Install-Recommends "0";' > /etc/apt/apt.conf.d/99norecommends
RUN apt-get install -y curl=7.88.1-10+deb12u8
