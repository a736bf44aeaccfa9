ARG BASE=debian
ARG REGISTRY=docker.io
ARG NAME
FROM ${BASE} AS base
FROM $REGISTRY/library/alpine
FROM ${NAME:-ubuntu}
