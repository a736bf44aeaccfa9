FROM debian:12
# an option on one command applies to that command only
RUN apt-get install --assume-yes --no-install-recommends curl=7.88.1-10+deb12u8
RUN apt-get -o APT::Get::Assume-Yes=true install --no-install-recommends wget=1.21.3-1+b2
RUN apt-get install --no-install-recommends git=1:2.39.5-0+deb12u1
