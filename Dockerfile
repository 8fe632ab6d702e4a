FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
COPY apps/api/package.json apps/api/
COPY apps/admin/package.json apps/admin/
COPY apps/admin-e2e/package.json apps/admin-e2e/
COPY apps/wechat-sim/package.json apps/wechat-sim/
COPY libs/wechat/package.json libs/wechat/
COPY libs/contracts/package.json libs/contracts/
RUN npm ci
COPY . .
RUN NX_DAEMON=false npx nx run-many -t build --projects=@kefu/api,@kefu/admin \
  && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app /app
USER node
EXPOSE 3000
CMD ["node", "apps/api/dist/main.js"]
