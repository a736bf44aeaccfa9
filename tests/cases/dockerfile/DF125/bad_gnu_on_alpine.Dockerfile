# GNU wget installed on Alpine (corpus: redis/7.2/alpine/Dockerfile)
FROM alpine:3.20
RUN apk add --no-cache --virtual .build-deps wget; \
	wget -O redis.tar.gz "$REDIS_DOWNLOAD_URL"
RUN wget -O b.tgz https://example.com/b.tgz
# a base image given by a variable is unknown: reported as usual
ARG BASE=alpine:3.20
FROM ${BASE}
RUN wget -O c.tgz https://example.com/c.tgz
