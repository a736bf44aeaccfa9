FROM node:22
CMD node server.js
ENTRYPOINT /usr/bin/tini -- --verbose
CMD echo "hello world"
CMD npm start && echo done
