FROM node:22
ENV APP_HOME=/app APP_BIN=$APP_HOME/bin
ENV A=1 \
    B=${A}-x
