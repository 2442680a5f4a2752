#!/usr/bin/env bash
# PiVault's two commands on a fresh Debian 12 machine with the .NET 10 SDK:
#   ./dev.sh run [serve options]   install what is needed, build, and run the server (SQLite in ./data, fake hardware)
#   ./dev.sh test                  install what is needed, build, and run the whole test suite
# Both install their own prerequisites (apt packages, npm-provided native libraries, the web build), idempotently.
set -euo pipefail
cd "$(dirname "$0")"

usage() {
  sed -n '2,5p' "$0" | sed 's/^# \{0,1\}//'
  exit 64
}

[ $# -ge 1 ] || usage
command=$1
shift

case "$command" in
  run)
    scripts/install-deps.sh
    dotnet build src/PiVault.Server -c Release -nologo -v quiet
    exec dotnet src/PiVault.Server/bin/Release/net10.0/pivault.dll serve "$@"
    ;;
  test)
    scripts/install-deps.sh
    exec scripts/test.sh "$@"
    ;;
  *)
    usage
    ;;
esac
