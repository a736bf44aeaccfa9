FROM debian:12
RUN cd /usr/src/app && make
RUN set -e; cd "$SRC_DIR"; make install
