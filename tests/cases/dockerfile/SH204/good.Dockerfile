# checked, in a subshell, the last command, or under -e
FROM debian:12
RUN cd /src/app && make install
RUN cd /src/app || exit 1; make install
RUN (cd /src/app; make install)
RUN mkdir -p /build && cd /build
RUN ["sh", "-ec", "cd /src; make"]
SHELL ["/bin/bash", "-eo", "pipefail", "-c"]
RUN cd /src/app; make install
