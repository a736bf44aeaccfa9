FROM opensuse/leap:15.6
RUN zypper -n dist-upgrade
RUN zypper -n dup && zypper clean
