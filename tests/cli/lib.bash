# Shared helpers for the end-to-end tests in tests/cli/*.sh. Each test runs the
# built binary ($ATTEST) in a temporary directory of its own and removes it.
set -euo pipefail
: "${ATTEST:?ATTEST must point at the attest binary}"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/attest-test.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
export ATTEST_ACTOR=test

fail() { echo "FAIL: $*" >&2; exit 1; }
pass() { echo "ok: $*"; }
# expect_status N CMD...: runs CMD, fails unless it exits with N.
expect_status() {
    local want=$1; shift
    set +e; "$@" >"$WORK/out" 2>"$WORK/err"; local got=$?; set -e
    [ "$got" = "$want" ] || { cat "$WORK/out" "$WORK/err" >&2; fail "exit $got, expected $want: $*"; }
}
assert_eq() { [ "$1" = "$2" ] || fail "${3:-values differ}: got '$1', expected '$2'"; }
assert_contains() { grep -qF -- "$2" "$1" || { cat "$1" >&2; fail "$1 lacks: $2"; }; }
json_get() { python3 -c 'import json,sys; d=json.load(sys.stdin); print(eval("d"+sys.argv[1]))' "$1"; }
