#!/usr/bin/env bash
# CPU time (user + sys of dotnet test and every descendant, orphans included) of the test groups the service tier
# changed, each run twice, on the current Debug build. Compare two commits by building each and running this on both:
#   git switch --detach <commit> && dotnet build tests/PiVault.Tests -c Debug && bench/test-tiers/run.sh
# On a loaded machine wall time says little; CPU time is the figure to compare.
set -euo pipefail
cd "$(dirname "$0")/../.."
here=bench/test-tiers
rules='FullyQualifiedName~Endpoints.AlbumTests|FullyQualifiedName~Endpoints.TrashTests|FullyQualifiedName~Endpoints.TimelineTests|FullyQualifiedName~Endpoints.LocalTimeTimelineTests|FullyQualifiedName~PiVault.Tests.Services'
run() {
  echo "== $1 | $(git rev-parse --short HEAD)"
  python3 "$here/cpu.py" dotnet test tests/PiVault.Tests -c Debug --no-build --filter "$2"
}
for _ in 1 2; do
  run "overhead (18 small unit tests)" 'FullyQualifiedName~Unit.SocketIoPacketsTests'
  run "rules: album, trash, timeline endpoint files + Services/" "$rules"
  run "Services/ alone" 'FullyQualifiedName~PiVault.Tests.Services'
  run "pipeline: JobRunnerTests + MediaPipelineTests" 'FullyQualifiedName~Pipeline.JobRunnerTests|FullyQualifiedName~Pipeline.MediaPipelineTests'
  run "QueueFixture users" 'FullyQualifiedName~Health.GovernedRunnerTests|FullyQualifiedName~Health.QueueRatesTests|FullyQualifiedName~Systemd.WatchdogTests|FullyQualifiedName~Pipeline.JobRunnerTests'
done
