# images whose name starts like a stage's, or that a stage is built from
FROM node:22-alpine AS node-deps
FROM golang:1.23 AS gobuild
FROM alpine:3.20 AS nodejs
COPY --from=node /usr/local/bin/node /usr/local/bin/node
COPY --from=golang /usr/local/go /usr/local/go
COPY --from=go /x /x
