FROM node:22
CMD ['node', 'app.js']
ENTRYPOINT ["node" "app.js"]
RUN ['echo', 'hi']
