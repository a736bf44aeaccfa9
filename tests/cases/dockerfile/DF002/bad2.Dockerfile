# a variable in the name leaves the tag as written; an ARG default is what builds unless overridden
ARG ARCH=amd64
ARG BASE=node:latest
ARG TAG=latest
FROM quay.io/prometheus/busybox-${ARCH}:latest
FROM ${REGISTRY}/library/alpine:latest
FROM ${BASE}
FROM node:${TAG}
