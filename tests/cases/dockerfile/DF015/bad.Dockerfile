FROM alpine:3.20
COPY app.tar.gz /tmp/
RUN tar -xzf /tmp/app.tar.gz -C /opt
COPY dist/bundle.tar /srv/bundle.tar
WORKDIR /srv
RUN echo start && tar xf bundle.tar
