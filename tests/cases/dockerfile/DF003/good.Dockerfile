# hadolint's traps: variables, scratch, stage names, digests
ARG BASE=debian:12
FROM ${BASE} AS base
FROM scratch
FROM base
FROM BASE
FROM alpine@sha256:0000000000000000000000000000000000000000000000000000000000000000
FROM registry.example.com:5000/team/app:1.2
FROM $BASE
