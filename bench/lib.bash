# bench/lib.bash — what the benchmark scripts share: the checks that the
# release build and the tools are there, fresh database files, and input made
# once and reused while its stamp is unchanged. Sourced, never run.
#   bench_setup NAME BUILD_DIR   sets $attest; dies (status 2) when anything is missing
#   bench_cached DIR STAMP CMD…  runs CMD (which writes into DIR) unless DIR/STAMP says STAMP
#   fresh DB / copy SRC DST      remove a database with its -wal/-shm/-journal / copy one fresh (synced)
#   median N…                    the median of the numbers (the middle one for an odd count)

bench_setup() {
    bench_name=$1
    local build=$2
    [ -d "$build" ] || die "no build directory $build (run: make build)"
    attest=$(cd "$build" && pwd)/src/cli/attest
    [ -x "$attest" ] || die "$attest is missing (run: make build)"
    command -v sqlite3 >/dev/null || die "sqlite3 is missing (Debian package sqlite3)"
    command -v python3 >/dev/null || die "python3 is missing"
    [ -x /usr/bin/time ] || die "/usr/bin/time is missing (Debian package time)"
}

die() { echo "${bench_name:-bench}: $*" >&2; exit 2; }

bench_cached() {
    local dir=$1 stamp=$2
    shift 2
    [ "$(cat "$dir/STAMP" 2>/dev/null)" = "$stamp" ] && return 0
    rm -rf "$dir"
    mkdir -p "$dir"
    "$@"
    echo "$stamp" >"$dir/STAMP"
}

fresh() { rm -f "$1" "$1-wal" "$1-shm" "$1-journal"; }
# The copy is written back before the timed command starts: else that command's
# first fsync (a WAL checkpoint) pays for writing out gigabytes it never wrote.
copy() { fresh "$2"; cp --reflink=auto "$1" "$2"; sync "$2"; }
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
