FROM alpine:3.20
RUN apk update && apk add curl=8.11.1-r0
RUN apk add -U --virtual .deps gcc=13.2.1_git20240309-r0
