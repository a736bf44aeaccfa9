FROM --platform=$BUILDPLATFORM golang:1.23 AS build
FROM --platform=linux/amd64 alpine:3.20 AS runtime-amd64
FROM --platform=${TARGETPLATFORM:-linux/amd64} alpine:3.20 AS other
FROM alpine:3.20
