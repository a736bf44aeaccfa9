FROM fedora:40
RUN dnf install -y httpd-2.4.62 'dnf-command(config-manager)' @development-tools && dnf clean all
RUN dnf module install -y nodejs:20 && dnf clean all
RUN dnf install -y --setopt=tsflags=nodocs "httpd-${V}" && dnf clean all
