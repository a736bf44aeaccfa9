FROM --platform=$TARGETPLATFORM alpine:3.20
FROM --platform=${TARGETPLATFORM}   golang:1.23 AS build
