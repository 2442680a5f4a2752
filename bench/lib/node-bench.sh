# Sourced by the benches that run PiVault's code against a Node tool in the same run (bench/thumbnails, bench/ml/ocr),
# from the bench's own folder: the corpus check, node_modules installed again only when package-lock.json changed, and
# the priority both tools run at.

# require_corpus DIR: stops with a clear message when DIR has no manifest.tsv.
require_corpus() {
  [ -f "$1/manifest.tsv" ] || { echo "run.sh: no corpus at $1 (set PIVAULT_CORPUS)" >&2; exit 1; }
}

# install_node_modules: npm ci when package-lock.json differs from the one installed (environment variables set on
# the call reach npm, e.g. an install script's switches).
install_node_modules() {
  local lock_hash
  lock_hash=$(sha256sum package-lock.json | cut -d' ' -f1)
  if [ "$(cat node_modules/.pivault-lock 2>/dev/null)" != "$lock_hash" ]; then
    npm ci --no-audit --no-fund --loglevel=error
    echo "$lock_hash" > node_modules/.pivault-lock
  fi
}

# Equal priority for both tools, above the other builds sharing this machine when we may: "${nice[@]}" COMMAND.
nice=()
[ "$(id -u)" -eq 0 ] && nice=(nice -n -10)
