FROM opensuse/leap:15.6
RUN zypper install -y httpd vim=9.1 && zypper clean
