FROM alpine:3.20
COPY package.json package-lock.json /app
ADD a.txt b.txt /data
COPY ["a", "b", "/dst"]
