FROM alpine:3.20
ENTRYPOINT ["/docker-entrypoint.sh"]
ENTRYPOINT ["/sbin/tini", "--"]
ENTRYPOINT ["/sbin/tini", "--", "/docker-entrypoint.sh"]
