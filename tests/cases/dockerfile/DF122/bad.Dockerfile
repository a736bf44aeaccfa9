FROM fedora:40
RUN dnf install -y httpd nginx-1.26.2 && dnf clean all
