FROM debian:12
RUN wget -qO- https://example.com/tool.tar.gz | tar xz
RUN VERSION="$(curl -fsSL https://example.com/latest | jq -r .version)" && echo "$VERSION"
