FROM node:22
ENV NODE_ENV=production
ENV A=1 B=2
LABEL maintainer="Jane Doe"
ARG NAME
