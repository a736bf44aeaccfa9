FROM nginx:1.27 AS a
CMD ["nginx"]
FROM nginx:1.27
CMD ["nginx", "-g", "daemon off;"]
ONBUILD CMD ["x"]
