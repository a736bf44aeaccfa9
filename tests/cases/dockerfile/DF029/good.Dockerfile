FROM nginx:1.27
EXPOSE 53/udp 80/tcp 443
