ARG TAG=3.20
ARG REPO=docker.io/library
ARG EMPTY
FROM alpine:${TAG}
FROM ${REPO}/alpine:3.20
FROM alpine:${EMPTY:-3.20}
FROM alpine${EMPTY}
FROM alpine:3.20@${DIGEST}
