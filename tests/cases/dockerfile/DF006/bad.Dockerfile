FROM golang:1.23 AS BuildStage
FROM alpine:3.20 AS RUNTIME
COPY --from=BuildStage /out /app
