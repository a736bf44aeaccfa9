FROM opensuse/leap:15.6
RUN zypper install -y httpd=2.4.58 && zypper clean
RUN zypper -n install httpd=2.4.58 && zypper clean
RUN zypper --non-interactive in httpd=2.4.58 && zypper clean
RUN zypper install --no-confirm httpd=2.4.58 && zypper clean
RUN zypper refresh && zypper search httpd
