FROM debian:12
# the directory stays: WORKDIR fits (corpus: docker-nginx/modules/Dockerfile)
RUN git clone https://github.com/nginx/pkg-oss/ && cd pkg-oss && make
# removed before the cd
RUN rm -rf /usr/src/app && cd /usr/src/app && make
# a cd elsewhere during a build-and-delete session is not the one that leaves it
RUN cd /usr/src/python && make && cd /usr/local/lib && ln -s a b && cd / && rm -rf /usr/src/python
# rm without -r removes no directory
RUN cd /opt/tool && make && cd / && rm /opt/tool
