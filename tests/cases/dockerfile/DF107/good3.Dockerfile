FROM debian:12
# an apt.conf setting written earlier in the same RUN, or in a heredoc, applies to what follows
RUN echo 'APT::Install-Recommends "false";' > /etc/apt/apt.conf.d/99norecommends && apt-get install -y curl=7.88.1-10+deb12u8
FROM debian:12
RUN cat > /etc/apt/apt.conf.d/99norecommends <<EOF
APT::Install-Recommends "0";
EOF
RUN apt-get install -y curl=7.88.1-10+deb12u8
