FROM node:22
CMD ["node", "app.js"]
RUN [ -f /etc/os-release ] && echo ok
RUN [ "$X" = "y" ] || true
CMD [ "$X" ]
