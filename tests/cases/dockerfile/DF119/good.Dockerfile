FROM opensuse/leap:15.6
RUN zypper install -y httpd=2.4.58 'vim>=9.1' /tmp/x.rpm && zypper clean
RUN zypper install -y -t pattern devel_basis && zypper clean
RUN zypper install -y "httpd=${HTTPD_VERSION}" && zypper clean
