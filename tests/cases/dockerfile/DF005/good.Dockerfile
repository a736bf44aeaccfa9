FROM scratch
FROM alpine:3.20 AS scratch-base
FROM alpine:3.20 AS build-context
