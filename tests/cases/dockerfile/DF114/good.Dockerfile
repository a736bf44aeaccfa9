FROM centos:7
RUN yum install -y httpd-2.4.6 && yum clean all
RUN yum install -y httpd-2.4.6 && rm -rf /var/cache/yum
RUN --mount=type=cache,target=/var/cache/yum yum install -y httpd-2.4.6
