#!/usr/bin/env bash
# run.sh [BUILD_DIR] — run every benchmark script bench/*.sh (except this one)
# against the release build in BUILD_DIR (default: build). Each script measures
# its own baseline in the same run and prints its figures; see bench/README.md.
# Exit status: 0 when every benchmark is within its limits, else the highest
# status of a failing script (1 a limit exceeded, 2 a benchmark could not run).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
build=${1:-build}

status=0
for script in "$here"/*.sh; do
    name=$(basename "$script")
    [ "$name" = run.sh ] && continue
    echo "== $name" >&2
    rc=0
    bash "$script" "$build" || rc=$?
    if [ "$rc" -ne 0 ]; then
        echo "== $name: exit status $rc" >&2
        [ "$rc" -gt "$status" ] && status=$rc
    fi
    echo
done
exit "$status"
