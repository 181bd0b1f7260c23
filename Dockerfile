# One build stage for everything, then a slim image per process.
FROM node:24-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json .npmrc ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN NX_DAEMON=false NX_NO_CLOUD=true npx nx run-many -t build -p web api worker --output-style=static \
 && npm prune --omit=dev --no-audit --no-fund

FROM node:24-bookworm-slim AS runtime
WORKDIR /app
ENV NODE_ENV=production
COPY --from=build /src/node_modules ./node_modules
# The attached files' folder (STORAGE_DIR), owned by the user the API runs as, so a new volume mounted there is too.
RUN mkdir -p /data/files && chown node:node /data/files
USER node

FROM runtime AS api
COPY --from=build /src/dist/apps/api ./api
COPY --from=build /src/dist/apps/web/browser ./web
EXPOSE 3000
CMD ["node", "api/main.js"]

FROM runtime AS worker
COPY --from=build /src/dist/apps/worker ./worker
CMD ["node", "worker/main.js"]

FROM nginx:1.27-alpine AS web
COPY --from=build /src/dist/apps/web/browser /usr/share/nginx/html
# The entrypoint sources tiendo-web.envsh, then writes conf.d/default.conf from the template, filling in only the
# TIENDO_* values (nginx's own $variables stay). Port 8080: the same image runs as root here and as nginx's user (101)
# on Kubernetes.
ENV NGINX_ENVSUBST_FILTER=^TIENDO_
RUN rm -f /etc/nginx/conf.d/default.conf
COPY apps/web/nginx/default.conf.template /etc/nginx/templates/default.conf.template
COPY --chmod=0755 apps/web/nginx/tiendo-web.envsh /docker-entrypoint.d/15-tiendo-web.envsh
EXPOSE 8080
