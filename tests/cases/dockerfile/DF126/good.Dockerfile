FROM debian:12
RUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u8
WORKDIR /app
RUN make
RUN --mount=type=secret,id=token ./fetch.sh
RUN set -eux; ./configure; make; make install
RUN ./test.sh
