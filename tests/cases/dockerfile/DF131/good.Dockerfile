FROM debian:12
RUN set -o pipefail && wget -qO- https://example.com/tool.tar.gz | tar xz
RUN set -euxo pipefail; wget -qO- https://example.com/tool.tar.gz | tar xz
RUN bash -o pipefail -c 'wget -qO- https://example.com/tool.tar.gz | tar xz'
RUN ["/bin/bash", "-o", "pipefail", "-c", "wget -qO- https://example.com/x | tar xz"]
RUN echo "a | b"
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
RUN wget -qO- https://example.com/tool.tar.gz | tar xz
