FROM debian:12
RUN apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u8
RUN apt-get install -qy --no-install-recommends curl=7.88.1-10+deb12u8
RUN apt-get -qq install --no-install-recommends curl=7.88.1-10+deb12u8
RUN apt-get install --yes --no-install-recommends curl=7.88.1-10+deb12u8
RUN apt-get install --assume-yes --no-install-recommends curl=7.88.1-10+deb12u8
RUN apt-get install -o APT::Get::Assume-Yes=true --no-install-recommends curl=7.88.1-10+deb12u8
RUN apt-get update
RUN apt-get install $APT_FLAGS --no-install-recommends curl=7.88.1-10+deb12u8
