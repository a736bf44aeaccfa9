FROM debian:12
# build and delete in one RUN (corpus: python/3.13/bookworm/Dockerfile)
RUN set -eux; \
	mkdir -p /usr/src/python; \
	cd /usr/src/python; \
	./configure && make && make install; \
	cd /; \
	rm -rf /usr/src/python
# a mktemp directory (corpus: postgres/17/bookworm/Dockerfile)
RUN tempDir="$(mktemp -d)"; cd "$tempDir"; make; cd /; rm -rf "$tempDir"
# relative, left with cd .. (corpus: docker-node/22/alpine3.23/Dockerfile)
RUN tar -xf "node-v$NODE_VERSION.tar.xz" && cd "node-v$NODE_VERSION" && make install && cd .. && rm -Rf "node-v$NODE_VERSION"
