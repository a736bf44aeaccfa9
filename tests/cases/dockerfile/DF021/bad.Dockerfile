FROM nginx:1.27
CMD ["nginx"]
CMD ["nginx", "-g", "daemon off;"]
