FROM debian:12
# a pipe fed by echo / printf cannot hide a failure (corpus: python/3.13/bookworm/Dockerfile)
RUN echo "$PYTHON_SHA256 *python.tar.xz" | sha256sum -c -
RUN for src in idle3 pydoc3; do dst="$(echo "$src" | tr -d 3)"; ln -svT "$src" "/usr/local/bin/$dst"; done
RUN printf '%s\n' b a \
    | sort
