FROM fedora:40
RUN dnf install -y httpd-2.4.62
RUN microdnf install -y nginx-1.26.2
