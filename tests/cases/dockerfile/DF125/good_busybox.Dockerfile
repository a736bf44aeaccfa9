# BusyBox wget (Alpine): at most a line a second off a terminal, and no --progress option
# (corpus: postgres/17/alpine3.22/Dockerfile, python/3.13/alpine3.23/Dockerfile)
FROM alpine:3.22
RUN apk add --no-cache --virtual .fetch-deps gnupg; \
	wget -O /usr/local/bin/gosu "https://github.com/tianon/gosu/releases/download/$GOSU_VERSION/gosu-$dpkgArch"

FROM python:3.13-alpine3.23 AS py
RUN wget -O python.tar.xz "https://www.python.org/ftp/python/$PYTHON_VERSION/Python-$PYTHON_VERSION.tar.xz"

FROM py
RUN wget -O x.tgz https://example.com/x.tgz

FROM busybox:1.37
RUN wget -O x.tgz https://example.com/x.tgz

# GNU wget installed only after the download: BusyBox ran it
FROM alpine:3.20 AS late
RUN wget -O a.tgz https://example.com/a.tgz && apk add --no-cache wget
