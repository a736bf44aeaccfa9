FROM fedora:40
RUN dnf install httpd-2.4.62 && dnf clean all
RUN microdnf install nginx-1.26.2 && microdnf clean all
