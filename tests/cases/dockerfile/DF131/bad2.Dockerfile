FROM debian:12
# an echo pipe, then one that can fail
RUN echo "$SUM *tool.tgz" | sha256sum -c - && curl -fsSL https://example.com/x | tar xz
# a group feeding the pipe may fail inside
RUN { echo start; curl -fsSL https://example.com/x; } | tar xz
# a failing first stage before printf
RUN curl -fsSL https://example.com/x | printf x | tar xz
