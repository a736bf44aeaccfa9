FROM debian:12
WORKDIR /usr/src/app
RUN make
# a cd in a subshell is scoped on purpose
RUN (cd /tmp && tar xzf app.tgz) && make
RUN for d in a b; do cd "$d" && make && cd ..; done
RUN cd - && cd
RUN echo cd /tmp
