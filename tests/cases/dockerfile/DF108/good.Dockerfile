FROM node:22-slim
RUN npm ci
RUN npm install
RUN npm install --omit=dev --prefix /app
RUN npm install -g typescript@5.6.3 @angular/cli@18.2.8 "pnpm@${PNPM_VERSION}"
RUN npm install ./local-pkg ../other.tgz git+https://github.com/x/y.git#v1.0.0 user/repo
