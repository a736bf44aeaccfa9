FROM debian:12
USER app
RUN sudo echo "vm.max_map_count=262144" > /etc/sysctl.d/99-app.conf
RUN ["sh", "-c", "sudo printf 'x' >> /etc/app.conf"]
