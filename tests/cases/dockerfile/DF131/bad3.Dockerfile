FROM debian:12
# pipefail set in a child shell does not apply to the RUN's own shell
RUN bash -c 'set -o pipefail; ./prepare.sh' && wget -qO- https://example.com/tool.tgz | tar xz
