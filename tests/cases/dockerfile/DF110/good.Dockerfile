FROM alpine:3.20 AS build
RUN apk add gcc=13.2.1_git20240309-r0

FROM alpine:3.20
RUN apk add --no-cache curl=8.11.1-r0
RUN apk add --update curl=8.11.1-r0 && rm -rf /var/cache/apk/*
RUN --mount=type=cache,target=/var/cache/apk apk add curl=8.11.1-r0
RUN apk add --no-network --virtual .rundeps $runDeps
