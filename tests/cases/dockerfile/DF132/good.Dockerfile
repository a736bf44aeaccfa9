FROM debian:12
RUN curl -fsSLo /tmp/install.sh https://example.com/install.sh \
    && echo "0000000000000000000000000000000000000000000000000000000000000000  /tmp/install.sh" | sha256sum -c - \
    && sh /tmp/install.sh
RUN curl -fsSL https://example.com/tool.tar.gz | tar xz
RUN curl -fsSLO https://example.com/install.sh | sh
RUN wget https://example.com/install.sh && sh install.sh
RUN curl -fsSL https://example.com/data.json | sh -c 'cat > /tmp/data.json'
