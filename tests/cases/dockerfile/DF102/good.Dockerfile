FROM debian:12
RUN apt-get update && apt-get install -y --no-install-recommends sudo=1.9.13p3-1+deb12u1
RUN echo "app ALL=(ALL) NOPASSWD: ALL" > /etc/sudoers.d/app
USER app
