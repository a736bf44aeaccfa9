FROM debian:12
RUN rm -rf $BUILD_DIR/cache && tar -xf ${ARCHIVE} -C /opt > $LOG
RUN savedAptMark="$(apt-mark showmanual)" && apt-mark manual $savedAptMark
RUN for f in /etc/*.conf; do cp $f /backup/; done
