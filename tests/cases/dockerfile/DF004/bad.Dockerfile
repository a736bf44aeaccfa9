FROM golang:1.23 AS build
RUN go build ./...
FROM node:22 AS Build
FROM alpine:3.20 AS build
