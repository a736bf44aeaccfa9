FROM --platform=linux/amd64 golang:1.23 AS build
FROM --platform=linux/arm64/v8 alpine:3.20
