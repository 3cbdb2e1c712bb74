# syntax=docker/dockerfile:1
# sip-triage: build with dev dependencies, ship production dependencies only.

FROM node:24-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
# Bundles the entry points (cli, main, container) after tsc: fewer modules to load at start;
# the CLI's bundle files also get the CommonJS twins that dist/cli.cjs (the command) runs.
COPY scripts/bundle-entries.ts scripts/cli-commonjs.ts scripts/train-code-cache.ts ./scripts/
# The build also validates knowledge/ and compiles it into dist/knowledge.snapshot.json.
COPY knowledge ./knowledge
# Its last step runs the built command on these inputs, which leaves V8's code caches of the
# bundle files in dist/bundle/code-cache/ (made by this image's Node, which the runtime's is).
COPY test/fixtures/pastes/sngrep.txt test/fixtures/pastes/freeswitch.txt ./test/fixtures/pastes/
COPY test/fixtures/captures/any-tcpdump.pcap ./test/fixtures/captures/
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
# Slack's HTTP mode (SLACK_SIGNING_SECRET) listens on PORT, Discord's HTTP
# endpoint (DISCORD_PUBLIC_KEY) on DISCORD_PORT; Socket Mode and the Discord
# gateway need no port.
EXPOSE 3000 3001
# No HEALTHCHECK: a check must probe the running process, and only the HTTP
# modes have an endpoint for that (GET /healthz on PORT or DISCORD_PORT);
# Socket Mode and the Discord gateway have none, so one check for every mode
# would be fake. With an HTTP mode, add it at run time (README, "Container").
#
# No arguments: serve the chat platforms configured in the environment (or
# say what to configure and exit 2). Arguments: a CLI command, e.g.
#   docker run --rm -i IMAGE diagnose - < trace.pcap
ENTRYPOINT ["node", "dist/container.js"]
