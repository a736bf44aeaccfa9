# no .dockerignore beside this file: nothing is excluded
FROM node:22
COPY README.md /app/
