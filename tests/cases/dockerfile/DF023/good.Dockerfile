FROM nginx:1.27 AS a
HEALTHCHECK NONE
FROM nginx:1.27
HEALTHCHECK CMD curl -f http://localhost/ || exit 1
