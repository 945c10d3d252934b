# kubemcp — the two commands of the README's Quick start, and the steps behind them.
#   make test   install what is missing, build, run every test
#   make demo   install what is missing, build, run kubemcp against its simulated clusters
BUILD      ?= build
ASAN_BUILD ?= build-asan
FUZZ_BUILD ?= build-fuzz
JOBS       ?= $(shell nproc)
GENERATOR  := $(shell command -v ninja >/dev/null 2>&1 && echo "-G Ninja")

.PHONY: all deps build test test-only build-asan test-asan test-asan-only build-fuzz fuzz \
        fuzz-only demo bench bench-compare format clean

all: build

deps:
	@scripts/install-deps

$(BUILD)/CMakeCache.txt:
	cmake -S . -B $(BUILD) $(GENERATOR) -DCMAKE_BUILD_TYPE=Release

build: deps $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j$(JOBS)

test: build test-only
test-only:
	ctest --test-dir $(BUILD) --output-on-failure -j$(JOBS)

# The same suite with AddressSanitizer and UndefinedBehaviorSanitizer, built at -O1 with line
# tables only (the Sanitize build type), as sanitizer CI usually is: a third of the -O2 -g time.
test-asan: build-asan test-asan-only
build-asan: deps
	cmake -S . -B $(ASAN_BUILD) $(GENERATOR) -DCMAKE_BUILD_TYPE=Sanitize \
	  -DKUBEMCP_SANITIZE=ON -DKUBEMCP_BENCH=OFF
	cmake --build $(ASAN_BUILD) -j$(JOBS)
# The simulator's fidelity suites (tests/kubectl: the real kubectl judging the simulator's wire
# behaviour) run once, in the normal build: a fifth of the sanitized test time for no product
# code. Under the sanitizers the simulator still serves every e2e suite, and its parsers have
# fuzz targets (fuzz_sim_request, fuzz_sim_protobuf, fuzz_spdy_frame).
test-asan-only:
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 KUBEMCP_SANITIZED=1 \
	  ctest --test-dir $(ASAN_BUILD) --output-on-failure -j$(JOBS) -E '^kubectl/'

# libFuzzer targets (clang); FUZZ_SECONDS per target. The fuzz tree builds only the fuzz
# targets and the parsers they link.
FUZZ_SECONDS ?= 30
fuzz: build-fuzz fuzz-only
build-fuzz: deps
	CXX=clang++ cmake -S . -B $(FUZZ_BUILD) $(GENERATOR) -DCMAKE_BUILD_TYPE=Sanitize \
	  -DKUBEMCP_FUZZ=ON -DKUBEMCP_TESTS=ON -DKUBEMCP_BENCH=OFF
	cmake --build $(FUZZ_BUILD) -j$(JOBS) --target fuzz_targets
fuzz-only:
	scripts/run-fuzzers $(FUZZ_BUILD) $(FUZZ_SECONDS)

demo: build
	@scripts/demo $(BUILD)/src/kubemcp

bench: build
	@scripts/bench $(BUILD)

# kubemcp side by side with kubernetes-mcp-server and mcp-server-kubernetes (installed from npm
# into COMPARE_SCRATCH) on simulated clusters; rewrites its section of docs/benchmarks.md.
# Not part of `make test`. COMPARE_RUNS timed runs per figure.
COMPARE_RUNS    ?= 10
COMPARE_SCRATCH ?= /tmp/kubemcp-bench-compare
COMPARE_ARGS ?=
bench-compare: build
	node bench/compare/compare.mjs --runs $(COMPARE_RUNS) --kubemcp $(BUILD)/src/kubemcp \
	  --scratch $(COMPARE_SCRATCH) $(COMPARE_ARGS)

format:
	clang-format -i $$(git ls-files 'src/*.cpp' 'src/*.hpp' 'tests/*.cpp' 'bench/*.cpp')

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD)
