FROM alpine:3.20
ONBUILD FROM alpine:3.20
ONBUILD MAINTAINER jane
onbuild onbuild RUN echo
