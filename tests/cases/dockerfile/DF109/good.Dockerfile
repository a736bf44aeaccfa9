FROM alpine:3.20
RUN apk add --no-cache curl=8.11.1-r0 "git=${GIT_VERSION}" musl-dev~1.2
RUN apk add --no-cache --virtual .build-deps gcc=13.2.1_git20240309-r0
RUN apk add --no-cache /tmp/local.apk
RUN apk del .build-deps
