# Thin wrapper over Meson + Ninja. The real build is meson.build.
#   make run     install missing packages, build, create demo.db (region + results cycle), print a summary
#   make check   install missing packages, build with ASan+UBSan, run every test
#   make bench   benchmarks with same-run baselines (bench/README.md)

BUILD      ?= build
CHECK      ?= build-check
DEMO_DB    ?= demo.db
DEMO_N     ?= 20000
SUDO       := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# Debian packages the build, the tests and the benchmarks need (README says why).
PACKAGES = gcc pkg-config meson ninja-build python3 \
           libsqlite3-dev sqlite3 libjansson-dev libsodium-dev libcsv-dev libicu-dev \
           libxlsxwriter-dev libzip-dev libxml2-dev libcmocka-dev libglpk-dev \
           libc-bin time python3-icalendar python3-openpyxl
# Only `make bench` needs these (off-the-shelf MILP solvers, bench/seat_milp.sh).
BENCH_PACKAGES = glpk-utils coinor-cbc

.PHONY: all deps bench-deps build run check bench clean

all: build

deps bench-deps: PKGS = $(if $(filter bench-deps,$@),$(BENCH_PACKAGES),$(PACKAGES))
deps bench-deps:
	@missing=$$(for p in $(PKGS); do \
	    dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	    echo "installing missing packages:" $$missing; \
	    $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get update -q && \
	    $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $$missing; \
	fi

$(BUILD)/build.ninja:
	meson setup $(BUILD) --buildtype=release

build: deps $(BUILD)/build.ninja
	meson setup --reconfigure $(BUILD) >/dev/null
	ninja -C $(BUILD)

run: build
	rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	./$(BUILD)/src/cli/attest --db $(DEMO_DB) demo --country ru --participants $(DEMO_N) --seed 1
	./$(BUILD)/src/cli/attest --db $(DEMO_DB) info
	@echo
	@echo "Try: ./$(BUILD)/src/cli/attest --db $(DEMO_DB) list participants --limit 20"
	@echo "     ./$(BUILD)/src/cli/attest --db $(DEMO_DB) results list --exam ege-2026-06-04-rus"
	@echo "     ./$(BUILD)/src/cli/attest --db $(DEMO_DB) appeal list"
	@echo "     ./$(BUILD)/src/cli/attest help"

$(CHECK)/build.ninja:
	meson setup $(CHECK) -Db_sanitize=address,undefined -Db_lundef=false --buildtype=debugoptimized

check: deps $(CHECK)/build.ninja
	meson setup --reconfigure $(CHECK) >/dev/null
	ninja -C $(CHECK)
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	    meson test -C $(CHECK) --print-errorlogs --num-processes 2

bench: build bench-deps
	bench/run.sh $(BUILD)

clean:
	rm -rf $(BUILD) $(CHECK)
