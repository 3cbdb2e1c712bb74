# syntax=docker/dockerfile:1
# sip-triage: build with dev dependencies, ship production dependencies only.

FROM node:24-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

FROM node:24-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

FROM node:24-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY knowledge ./knowledge
USER node
# The knowledge base is validated on every explain; a broken image fails this check.
HEALTHCHECK --interval=60s --timeout=10s --retries=3 CMD ["node", "dist/cli.js", "explain", "200", "--json"]
# HTTP mode (SLACK_SIGNING_SECRET) listens on PORT; Socket Mode needs no port.
EXPOSE 3000 3001
CMD ["node", "dist/main.js"]
