FROM debian:12 AS build
USER root
FROM debian:12
USER root
RUN apt-get update
USER app
CMD ["app"]
