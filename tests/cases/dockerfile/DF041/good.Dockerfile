# no label schema configured: the rule is silent
FROM alpine:3.20
LABEL org.opencontainers.image.version="one point two"
