# teams moving from hadolint keep their ShellCheck pragmas
FROM debian:12
# hadolint ignore=SC2086
RUN rm -rf $BUILD_DIR/cache
RUN rm -rf $CACHE_DIR  # infragenius: ignore[shellcheck:SC2086]
