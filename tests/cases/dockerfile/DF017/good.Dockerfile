# hadolint's traps: stage indexes, images, variables
FROM golang:1.23 AS build
FROM alpine:3.20
COPY --from=build /out/app /app
COPY --from=BUILD /out/app /app
COPY --from=0 /out/app /app2
COPY --from=busybox:1.36 /bin/busybox /bin/
COPY --from=busybox /bin/busybox /bin/
COPY --from=docker/buildx-bin /buildx /usr/libexec/docker/cli-plugins/docker-buildx
COPY --from=${STAGE} /x /x
