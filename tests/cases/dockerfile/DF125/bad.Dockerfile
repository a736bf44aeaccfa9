FROM debian:12
RUN wget https://example.com/tool.tar.gz
RUN wget -O /tmp/x.tgz "$URL" && tar xzf /tmp/x.tgz
