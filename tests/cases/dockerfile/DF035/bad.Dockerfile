FROM node:22
ARG GITHUB_TOKEN
ENV DB_PASSWORD=hunter2 API_KEY=abc
ARG aws_secret_access_key
ENV AUTH jane
ENV SMTP_PASS=mailpass
