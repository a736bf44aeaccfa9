FROM nginx:1.27 AS base
HEALTHCHECK CMD curl -fs http://localhost/ || exit 1
FROM base
COPY site /usr/share/nginx/html
