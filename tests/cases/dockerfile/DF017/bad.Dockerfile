FROM golang:1.23 AS build
FROM alpine:3.20
COPY --from=biuld /out/app /app
COPY --from=later /x /x
COPY --from=3 /x /x
FROM alpine:3.20 AS later
