FROM alpine:3.20 AS a
ENTRYPOINT ["/docker-entrypoint.sh"]
FROM alpine:3.20
ENTRYPOINT ["/sbin/tini", "--"]
