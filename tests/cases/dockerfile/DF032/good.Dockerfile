FROM --platform=$BUILDPLATFORM alpine:3.20
COPY --from=build --chown=app:app --chmod=755 --link /app /app
ADD --checksum=sha256:0000 --keep-git-dir https://example.com/a /a
COPY <<EOF /etc/app.conf
x=1
EOF
ENV DEBUG=1
ENV LEGACY value
SHELL ["/bin/bash", "-c"]
HEALTHCHECK --interval=5s --start-interval=1s CMD curl -f http://localhost/
HEALTHCHECK NONE
RUN --mount=type=cache,target=/root/.cache --network=none echo
USER app
LABEL team=core
