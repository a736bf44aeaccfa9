FROM fedora:40
RUN dnf install -y httpd-2.4.62 && dnf clean all
RUN dnf -y install httpd-2.4.62 && dnf clean all
RUN dnf install --assumeyes --setopt=install_weak_deps=False httpd-2.4.62 && dnf clean all
RUN dnf install --setopt=assumeyes=1 httpd-2.4.62 && dnf clean all
RUN dnf makecache
