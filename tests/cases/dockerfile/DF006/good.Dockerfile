FROM golang:1.23 AS build-stage
FROM alpine:3.20 AS runtime
FROM ${IMG} AS ${NAME}
