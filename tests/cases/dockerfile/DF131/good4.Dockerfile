FROM debian:12
RUN bash -c 'set -o pipefail; wget -qO- https://example.com/tool.tgz | tar xz'
