#!/usr/bin/env bash
# Peak RSS of decoding the decompression bomb of issue 07 (docs/security-decode.md), one process per case;
# writes bench/results/reliability-decode.md. Needs ~3 GB free for the unbounded case (what the server did before).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
cd "$root"
dotnet build bench/reliability/decode/Bench -c Release -nologo -v quiet
bin=bench/reliability/decode/Bench/bin/Release/net10.0/pivault-bench-decode.dll
out=bench/results/reliability-decode.md
{
  echo "# Reliability: decode memory (decompression bomb)"
  echo
  echo "The 17000×17000 interlaced 16-bit RGBA PNG of issue 07, written by tests/PiVault.Tests/Infrastructure/PngBomb.cs"
  echo "(zeros, deflated), decoded by VipsThumbnailer in a fresh process per case; VmHWM is the process's peak RSS (the .NET"
  echo "runtime and the bomb's bytes included). See docs/security-decode.md for the rule."
  echo
  echo "| case | file | decode budget | time | RSS before decode | peak RSS | outcome |"
  echo "|---|--:|--:|--:|--:|--:|---|"
  for c in bomb-budget streamed bomb-unbounded; do dotnet "$bin" "$c"; done
  echo
  echo "Command: \`bench/reliability/decode/run.sh\`; commit $(git rev-parse HEAD), $(date -u '+%Y-%m-%d %H:%M') UTC,"
  echo "$(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB", $2/1048576}' /proc/meminfo) RAM, load average $(cut -d' ' -f1 /proc/loadavg)."
} > "$out.tmp"
mv "$out.tmp" "$out"
cat "$out"
