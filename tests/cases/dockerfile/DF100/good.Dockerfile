FROM debian:12
# installing a tool is not running it
RUN apt-get update && apt-get install -y --no-install-recommends vim=2:9.0.1378-2 procps=2:4.0.2-3
RUN echo "ps kill top" > /tmp/notes.txt
# ssh with an ssh mount is a legitimate build step
RUN --mount=type=ssh ssh -T git@example.com
