# known to hold one word: ARG/ENV names, plain assignments, the shell's numbers, for lists of words
FROM debian:12
ARG VERSION=1.2.3
ENV APP_HOME=/opt/app
RUN echo $VERSION $APP_HOME && rm -rf "$BUILD_DIR/cache"
RUN V=1.2 && N=$((N + 1)) && R="$V-$N" && echo $V $N $R ${#PATH} $RANDOM ${DEBUG:+-v}
RUN for arch in amd64 arm64; do echo $arch; done
RUN export A=$B && case $X in a) echo "$X";; esac && [[ -n $Y ]] && sh -c 'echo $Z'
RUN for f in $FILES; do echo "$f"; done
