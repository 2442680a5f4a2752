#!/usr/bin/env bash
# Video playback-copy benchmark: PiVault's VideoEncoder against ffmpeg with Immich's default transcoding settings, on
# generated phone and camera clips plus a real corpus clip. Writes bench/results/video.md; about 5 minutes here.
# Extra arguments go to the bench, e.g.   bench/video/run.sh --seconds 4 --repeats 1   (a smoke run)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
command -v ffmpeg >/dev/null || { echo "bench/video: ffmpeg is required (./dev.sh installs it)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "bench/video: /usr/bin/time is required: sudo apt-get install time" >&2; exit 1; }

commit="$(git rev-parse HEAD 2>/dev/null || echo unknown)"
dotnet build bench/video/Bench -c Release -nologo -v quiet
mkdir -p bench/results
exec dotnet bench/video/Bench/bin/Release/net10.0/pivault-bench-video.dll \
  --out-md bench/results/video.md --command "bench/video/run.sh${*:+ $*}" --git-commit "$commit" \
  --corpus "$root/../shared/corpus" "$@"
