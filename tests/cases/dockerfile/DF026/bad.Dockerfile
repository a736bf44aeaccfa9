FROM debian:12
USER root
RUN apt-get update
CMD ["app"]
FROM debian:12 AS other
USER app
FROM debian:12
USER 0:0
