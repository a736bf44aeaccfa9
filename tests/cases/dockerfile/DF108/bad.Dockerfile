FROM node:22-slim
RUN npm install -g typescript @angular/cli npm@latest
RUN npm i --save-dev eslint@9.12.0 prettier
RUN npm install git+https://github.com/x/y.git
