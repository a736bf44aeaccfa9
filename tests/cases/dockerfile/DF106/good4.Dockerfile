FROM debian:12
# the key is split by shell quoting: the file holds it only once quotes are removed
RUN echo 'APT::Get::'"Assume-Yes"' "true";' > /etc/apt/apt.conf.d/90assumeyes
FROM debian:12 AS other
RUN echo hi
FROM 0
RUN apt-get install --no-install-recommends curl=7.88.1-10+deb12u8
