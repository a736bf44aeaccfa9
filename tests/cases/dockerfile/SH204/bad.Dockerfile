FROM debian:12
RUN cd /src/app; make install
RUN ["sh", "-c", "cd /src; make"]
