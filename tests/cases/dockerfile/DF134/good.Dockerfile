FROM debian:12
USER app
RUN echo "vm.max_map_count=262144" | sudo tee /etc/sysctl.d/99-app.conf > /dev/null
RUN sudo sh -c 'echo x >> /etc/app.conf'
RUN sudo apt-get update > /dev/null
RUN echo x > /tmp/x
