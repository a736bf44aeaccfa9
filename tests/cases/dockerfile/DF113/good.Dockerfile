FROM centos:7
RUN yum install -y httpd-2.4.6 && yum clean all
RUN yum -y install httpd-2.4.6 && yum clean all
RUN yum install --assumeyes httpd-2.4.6 && yum clean all
RUN yum makecache && yum info httpd
