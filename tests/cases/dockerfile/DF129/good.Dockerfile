FROM debian:12 AS a
RUN wget -q https://example.com/a.tar.gz

FROM debian:12
RUN curl -fsSLO https://example.com/b.tar.gz
RUN apt-get install -y --no-install-recommends wget=1.21.3-1+b2
