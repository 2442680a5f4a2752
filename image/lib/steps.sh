# Logging for build-image.sh and tests/image/run.sh: every step with its duration, on stderr and in $STEP_LOG.
# shellcheck shell=bash
STEPS_START=$(date +%s.%N)

log() {
    printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*" | tee -a "${STEP_LOG:-/dev/null}" >&2
}

fail() {
    log "error: $*"
    exit 1
}

# step NAME COMMAND...: runs the command, logs its duration; the build stops at the first failing step.
step() {
    local name=$1 start status
    shift
    log "==> $name"
    start=$(date +%s.%N)
    set +e
    "$@" 2>&1 | tee -a "${STEP_LOG:-/dev/null}" >&2
    status=${PIPESTATUS[0]}
    set -e
    local seconds
    seconds=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
    if ((status != 0)); then
        log "<== $name: FAILED after ${seconds%.*} s (exit $status)"
        exit "$status"
    fi
    log "<== $name: $seconds s"
}

elapsed_total() {
    awk -v a="$STEPS_START" -v b="$(date +%s.%N)" 'BEGIN { printf "%.0f", b - a }'
}
