ARG NODE_VERSION=22
FROM node:${NODE_VERSON}-alpine
FROM alpine:$TAG AS b
FROM --platform=$PLATFORM alpine:3.20
