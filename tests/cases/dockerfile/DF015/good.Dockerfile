FROM alpine:3.20
ADD app.tar.gz /opt/
COPY app.tar.gz /srv/
RUN ls /srv
COPY --from=build /out/app.tar /tmp/
RUN tar -xf /tmp/app.tar
COPY other.tar /tmp/
RUN tar -cf /tmp/backup.tar /etc
