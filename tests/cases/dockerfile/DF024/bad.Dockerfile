FROM golang:1.23 AS build
HEALTHCHECK CMD true
FROM nginx:1.27
COPY site /usr/share/nginx/html
