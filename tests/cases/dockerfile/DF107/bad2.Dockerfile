FROM debian:12
# an option on one command applies to that command only
RUN apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u8
RUN apt-get install -y -o APT::Install-Recommends=false wget=1.21.3-1+b2
RUN apt-get install -y git=1:2.39.5-0+deb12u1
# a setting that turns recommends on does not switch the check off
RUN echo 'APT::Install-Recommends "true";' > /etc/apt/apt.conf.d/99recommends
RUN apt-get install -y make=4.3-4.1
