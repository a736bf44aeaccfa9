# no trusted-registries configured: the rule is silent
FROM docker.io/library/alpine:3.20
FROM ubuntu:24.04
