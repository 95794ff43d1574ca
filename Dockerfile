# syntax=docker/dockerfile:1.7
#
# One image for every Waymark app; the app is the container's argument (ADR 010):
#
#   docker build -t waymark:dev .
#   docker run --rm waymark:dev collector        # or ingester, query, sampling-manager, all-in-one
#
# Stages: `build` bundles every app with esbuild (dev dependencies, IDL generation);
# `prod-deps` installs the production npm dependencies only; the final stage holds those two
# outputs and Node.js, runs as a non-root user, and has no npm cache, sources or dev tools.

ARG NODE_VERSION=20.20.2

# ---- build: every app bundled into dist/apps/<app>/main.js (tools/build-app.mjs) ----------------
# On the build machine's platform: the bundles are plain JavaScript, whatever the target platform.
FROM --platform=$BUILDPLATFORM node:${NODE_VERSION}-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
# `npm install` with the committed lockfile installs the locked versions; not `npm ci`, which
# refuses this lockfile (see scripts/ensure-deps.sh). The workspaces are not copied yet, so their
# links are left out: the apps reach the libraries through tsconfig paths, not node_modules.
RUN --mount=type=cache,target=/root/.npm \
    npm install --no-audit --no-fund --loglevel=error
COPY . .
RUN bash libs/idl/scripts/generate.sh \
 && for dir in apps/*/; do node tools/build-app.mjs "$(basename "$dir")"; done

# ---- prod-deps: the npm packages the bundles load at run time, nothing else ---------------------
FROM node:${NODE_VERSION}-bookworm-slim AS prod-deps
WORKDIR /deps
COPY package.json package-lock.json ./
# The bundles inline every workspace library and keep only the root "dependencies" external, so
# the manifest is reduced to them; the lockfile still fixes every version installed.
RUN --mount=type=cache,target=/root/.npm \
    node -e "const fs = require('node:fs'); const p = JSON.parse(fs.readFileSync('package.json', 'utf8')); \
             for (const key of ['workspaces', 'devDependencies', 'scripts']) delete p[key]; \
             fs.writeFileSync('package.json', JSON.stringify(p, null, 2));" \
 && npm install --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error

# ---- runtime ------------------------------------------------------------------------------------
FROM node:${NODE_VERSION}-bookworm-slim AS runtime
ENV NODE_ENV=production \
    LISTEN_HOST=0.0.0.0
WORKDIR /app
# Owned by root and not writable by the app's user: the process cannot change its own code.
COPY --from=prod-deps /deps/node_modules ./node_modules
COPY --from=build /src/dist/apps ./dist/apps

# The launcher: `waymark <app>` loads that app's bundle in this process, so the app is PID 1
# (no shell in between) and receives SIGTERM itself for its graceful stop.
COPY <<'EOF' /app/waymark.cjs
'use strict';
const { existsSync } = require('node:fs');
const app = process.argv[2] ?? '';
const main = `/app/dist/apps/${app}/main.js`;
if (!/^[a-z-]+$/.test(app) || !existsSync(main)) {
  process.stderr.write(`usage: waymark <app>, where <app> is collector, ingester, query, sampling-manager or all-in-one (got "${app}")\n`);
  process.exit(2);
}
require(main);
EOF

# The health check: GET http://127.0.0.1:<admin port><path> (path: first argument, default
# /health) must answer 200 within 2 s. The admin port is ADMIN_PORT when set; otherwise the
# default admin ports of the apps are tried, which is safe because a container has its own
# network namespace (only this container's app listens on its loopback).
COPY <<'EOF' /app/healthcheck.cjs
'use strict';
const path = process.argv[2] ?? '/health';
const ports = process.env.ADMIN_PORT ? [Number(process.env.ADMIN_PORT)] : [14269, 14270, 16687, 5780];
const probe = (port) =>
  fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(2000) }).then((r) => r.status === 200, () => false);
Promise.all(ports.map(probe)).then((results) => process.exit(results.includes(true) ? 0 : 1));
EOF

# Numeric, so Kubernetes' runAsNonRoot can verify it: the `node` user of the base image.
USER 1000:1000
# Receivers (collector, all-in-one), query, sampling, and the admin ports of every app.
EXPOSE 4317 4318 14250 14268 9411 16686 5778 5779 14269 14270 16687 5780
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "/app/healthcheck.cjs", "/health"]
ENTRYPOINT ["node", "--enable-source-maps", "/app/waymark.cjs"]
CMD ["all-in-one"]
