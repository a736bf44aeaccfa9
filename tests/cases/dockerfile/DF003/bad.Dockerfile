FROM debian
RUN echo hi
FROM docker.io/library/node AS build
FROM registry.example.com:5000/team/app
