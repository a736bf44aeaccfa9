FROM debian:12 AS build
# a build stage that does not reach the final image
RUN apt-get update && apt-get install -y --no-install-recommends gcc=4:12.2.0-3

FROM debian:12
RUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u8 \
    && rm -rf /var/lib/apt/lists/*
RUN --mount=type=cache,target=/var/lib/apt/lists apt-get update && apt-get install -y --no-install-recommends git=1:2.39.5-0+deb12u1
RUN apt-get update; apt-get install -y --no-install-recommends tzdata=2024a-0+deb12u1; apt-get dist-clean
RUN apt-get update && apt-get install -y --no-install-recommends tzdata=2024a-0+deb12u1 && find /var/lib/apt/lists -type f -delete
