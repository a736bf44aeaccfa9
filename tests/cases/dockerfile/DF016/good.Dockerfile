FROM alpine:3.20
COPY package.json package-lock.json /app/
COPY a.txt /data
COPY ["a", "b", "/dst/"]
COPY a b ${DEST}
COPY a b .
COPY <<EOF /etc/conf
x
EOF
