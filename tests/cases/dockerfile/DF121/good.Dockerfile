FROM fedora:40
RUN dnf install -y httpd-2.4.62 && dnf clean all
RUN microdnf install -y nginx-1.26.2 && microdnf clean all
RUN dnf install -y httpd-2.4.62 && rm -rf /var/cache/dnf
RUN --mount=type=cache,target=/var/cache/dnf dnf install -y httpd-2.4.62
