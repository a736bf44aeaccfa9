FROM debian:12
RUN useradd -l -u 123456789 app
RUN useradd --no-log-init --uid 123456789 app
RUN useradd -u 1000 app
RUN useradd -u "$APP_UID" app
