FROM debian:12
RUN wget --progress=dot:giga https://example.com/tool.tar.gz
RUN wget -q https://example.com/tool.tar.gz
RUN wget -nv https://example.com/tool.tar.gz
RUN wget -qO- https://example.com/tool.tar.gz | tar xz
RUN wget --no-verbose -O x.tgz https://example.com/tool.tar.gz
RUN wget --version
