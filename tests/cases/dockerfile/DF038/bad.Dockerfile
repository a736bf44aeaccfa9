FROM alpine:3.20
LABEL Maintainer=jane com.docker.owner=me
LABEL org..example=1 -bad=2 ok.key=3
