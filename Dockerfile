# syntax=docker/dockerfile:1
# snapengage-mock as a container: built on the full Node image (better-sqlite3 may compile), run on the slim one.

FROM node:24-bookworm AS build
WORKDIR /app
COPY package.json package-lock.json ./
# `npm ci` runs the `prepare` script; without src/ yet it has nothing to build and returns at once.
COPY scripts/build-if-stale.js scripts/bundle-cli.js scripts/bundle-ui.js scripts/bundle-widget.js ./scripts/
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY ui ./ui
COPY widget ./widget
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

FROM node:24-bookworm-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8080 \
    HTTPS_PORT=8443 \
    DATABASE_PATH=/data/snapengage-mock.db
WORKDIR /app
COPY --from=build --chown=root:root /app/package.json ./package.json
COPY --from=build --chown=root:root /app/node_modules ./node_modules
COPY --from=build --chown=root:root /app/dist ./dist
COPY --chown=root:root fixtures ./fixtures
COPY --chown=root:root openapi ./openapi
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME /data
# 8443: the same app over TLS; its development CA and certificate are generated once and kept in /data/tls.
EXPOSE 8080 8443
# No curl in the slim image: Node's own fetch asks the health route.
HEALTHCHECK --interval=10s --timeout=3s --start-period=5s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||8080)+'/_mock/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
STOPSIGNAL SIGTERM
# node is PID 1 and handles SIGTERM itself (src/process/server.ts): stop accepting, drain, close the database, exit 0.
CMD ["node", "dist/cli.js"]
