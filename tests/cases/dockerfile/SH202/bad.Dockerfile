FROM debian:12
RUN apt-get install -y --no-install-recommends $(cat /packages.txt) && cp `find . -name '*.conf'` /etc/app/
