FROM centos:7
RUN yum install -y httpd-2.4.6 mod_ssl-1:2.4.6-99.el7 && yum clean all
RUN yum install -y /tmp/local.rpm https://example.com/x.rpm @development 'perl(JSON)' && yum clean all
RUN yum install -y "httpd-${HTTPD_VERSION}" java-11-openjdk && yum clean all
RUN yum groupinstall -y "Development Tools" && yum clean all
