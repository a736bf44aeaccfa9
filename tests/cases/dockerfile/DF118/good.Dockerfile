FROM opensuse/leap:15.6
RUN zypper install -y httpd=2.4.58 && zypper clean
RUN zypper install -y httpd=2.4.58 && zypper cc -a
RUN zypper install -y httpd=2.4.58 && rm -rf /var/cache/zypp/*
RUN zypper refresh
