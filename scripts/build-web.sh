#!/usr/bin/env bash
# Builds the web app (web/ → web/dist, with .br/.gz beside each file) when its sources or lock file changed.
# The server project copies web/dist into wwwroot beside the binary.
set -euo pipefail
cd "$(dirname "$0")/../web"

lock_hash=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ "$(cat node_modules/.pivault-lock 2>/dev/null)" != "$lock_hash" ]; then
  echo "build-web: installing npm packages from web/package-lock.json"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$lock_hash" > node_modules/.pivault-lock
fi

source_hash=$( (find src public -type f -print0 | sort -z | xargs -0 sha256sum; sha256sum index.html vite.config.ts package-lock.json scripts/precompress.mjs) | sha256sum | cut -d' ' -f1)
if [ "$(cat dist/.pivault-source 2>/dev/null)" != "$source_hash" ]; then
  echo "build-web: building the web app"
  npm run build --silent
  echo "$source_hash" > dist/.pivault-source
fi
