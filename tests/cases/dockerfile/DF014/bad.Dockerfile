FROM alpine:3.20
ADD requirements.txt /app/
add ./src/ /app/src/
ADD --chown=app a.conf b.conf /etc/app/
