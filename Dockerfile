# chronik-log-exporter: tails chronik-server logs, serves Prometheus metrics on :13900.
# The steps mirror what CI runs (npm ci, npm run build, npm prune --omit=dev, node dist/src/cli.js);
# test/dockerfile.test.ts fails when they drift apart.

FROM node:24-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build
RUN npm prune --omit=dev

FROM node:24-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY examples ./examples
RUN mkdir -p /var/lib/chronik-log-exporter && chown node:node /var/lib/chronik-log-exporter
USER node
VOLUME ["/var/lib/chronik-log-exporter"]
EXPOSE 13900
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s \
  CMD ["node", "-e", "fetch('http://127.0.0.1:13900/healthz').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["node", "dist/src/cli.js"]
CMD ["serve", "--log.path", "/var/log/chronik/*.log", "--state.dir", "/var/lib/chronik-log-exporter"]
