FROM debian:12
RUN curl -fsSL https://get.example.com | sh
RUN wget -qO- https://example.com/install.sh | sudo bash -s -- --yes
RUN sh -c "$(curl -fsSL https://example.com/install.sh)"
RUN bash <(curl -s https://example.com/install.sh)
