FROM opensuse/leap:15.6
RUN zypper -n update && zypper clean
