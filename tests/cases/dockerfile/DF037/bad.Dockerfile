FROM node:22
ENV NODE_ENV production
ENV GREETING hello world
LABEL maintainer Jane
ENV MIXED "a b" c
