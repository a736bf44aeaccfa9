FROM golang:1.23 AS build-api
FROM node:22 AS build-ui
FROM alpine:3.20
FROM alpine:3.20
