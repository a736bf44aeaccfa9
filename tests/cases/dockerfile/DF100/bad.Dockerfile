FROM debian:12
RUN service nginx start
RUN ps aux && kill -9 1 && top -b -n1 ; free -m
RUN mount /dev/sda1 /mnt && vim /etc/hosts && ifconfig && ssh git@example.com && shutdown -h now
