FROM node:22-slim
RUN yarn install --frozen-lockfile
