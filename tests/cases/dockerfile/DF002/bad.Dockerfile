FROM node:latest AS build
FROM build
FROM docker.io/library/alpine:latest
