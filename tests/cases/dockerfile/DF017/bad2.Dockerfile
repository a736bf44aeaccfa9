FROM golang:1.23 AS build
RUN go build -o /out/app ./cmd/app
FROM golang:1.23 AS deps
FROM alpine:3.20
COPY --from=builder /out/app /app
COPY --from=dep /go/pkg /go/pkg
COPY --from=buil /out/app /app
