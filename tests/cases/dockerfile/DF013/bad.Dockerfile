# a comment is fine
RUN echo hello
FROM alpine:3.20
