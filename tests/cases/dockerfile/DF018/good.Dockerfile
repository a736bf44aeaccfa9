FROM golang:1.23 AS build
COPY . /src
FROM alpine:3.20
COPY --from=build /src /src
COPY --from=0 /x /x
