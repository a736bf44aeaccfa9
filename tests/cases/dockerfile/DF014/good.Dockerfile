FROM alpine:3.20
ADD https://example.com/tool.tar.gz /opt/
ADD rootfs.tar.xz /
ADD git@github.com:moby/buildkit.git /src
ADD --checksum=sha256:0000 https://example.com/a /a
ADD ${SRC} /app/
COPY requirements.txt /app/
