#!/usr/bin/env bash
# Prints the URI this machine's apt sources use for Debian's archive (debian) or its security archive
# (debian-security), so the image is built from (and later updated from) the same mirror as the build machine.
# Usage: image/lib/host-mirror.sh debian|debian-security
set -euo pipefail
want=${1:?usage: host-mirror.sh debian|debian-security}
uris=$( (cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources 2>/dev/null || true) |
    sed -n -e 's/^[[:space:]]*URIs:[[:space:]]*//p' -e 's/^[[:space:]]*deb[[:space:]]\+\(\[[^]]*\][[:space:]]\+\)\{0,1\}\([^[:space:]]\+\).*/\2/p' |
    tr ' ' '\n' | sed 's:/*$::')
match=$(grep -E "/$want\$" <<<"$uris" | head -n1 || true)
[[ -n $match ]] || { echo "host-mirror: no '$want' archive in this machine's apt sources: pass --mirror/--security-mirror" >&2; exit 1; }
echo "$match"
