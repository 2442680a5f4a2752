#!/usr/bin/env bash
# Installs what PiVault needs beyond the .NET SDK, once: re-running only checks.
# Later features add their apt packages and npm-provided native libraries here.
set -euo pipefail
cd "$(dirname "$0")/.."

# clang and zlib are what the native AOT linker needs (scripts/aot-smoke.sh); curl drives the smoke test.
apt_packages=(clang zlib1g-dev curl ca-certificates)

missing=()
for package in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}"
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

command -v dotnet >/dev/null || { echo "install-deps: the .NET 10 SDK is required (dotnet not on PATH)" >&2; exit 1; }
