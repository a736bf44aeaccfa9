FROM debian:12
RUN useradd -u 123456789 app
RUN useradd --uid=1000000 -m svc
