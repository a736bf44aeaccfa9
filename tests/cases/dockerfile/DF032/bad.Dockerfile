FROM alpine:3.20
COPY --form=build /app
ADD only-one
ENV DEBUG
SHELL /bin/bash -c
HEALTHCHECK curl -f http://localhost/
HEALTHCHECK NONE extra
USER
RUN --mnt=type=cache,target=/root/.cache echo
LABEL team
