# TDCC Mesh. `make run` starts the sandbox; `make test` runs every test suite.
# Each installs only what it needs (scripts/deps.sh --for run|test|bench) on a fresh machine; none stops a process.

SHELL := /bin/bash
DOTNET ?= dotnet
SOLUTION := Tdcc.Mesh.sln
CONFIGURATION ?= Debug
export DOTNET_CLI_TELEMETRY_OPTOUT := 1
export DOTNET_NOLOGO := 1
export PATH := $(CURDIR)/.tools/bin:$(PATH)

.PHONY: all build test test-fast run install bench e2e fmt fmt-check deps deps-run deps-test clean help

all: build

help:
	@echo "make run        start the sandbox clusterset (hub + east, west, edge); installs tdcc first"
	@echo "make install    build the tdcc CLI and write .tools/bin/tdcc (add .tools/bin to PATH)"
	@echo "make test       install test peers if missing, build, run every test suite"
	@echo "make test-fast  the same without suites marked Category=Slow"
	@echo "make build      build everything (warnings are errors)"
	@echo "make bench      run the benchmarks and print their figures"
	@echo "make e2e        the k3d suite: hub + two members installed with the Helm chart (needs Docker and k3d)"
	@echo "make fmt        format the code (dotnet format); fmt-check verifies it"
	@echo "make deps       install the external peers the tests and benchmarks drive (apt and npm)"

build: deps-test
	$(DOTNET) build $(SOLUTION) -c $(CONFIGURATION) --nologo

deps:
	@bash scripts/deps.sh --for all

deps-test:
	@bash scripts/deps.sh --for test

# What the sandbox and the docs/sandbox.md walkthrough need: npm packages only, no apt.
deps-run:
	@bash scripts/deps.sh --for run

test: deps-test
	$(DOTNET) build $(SOLUTION) -c $(CONFIGURATION) --nologo
	@bash scripts/test.sh

test-fast: deps-test
	@TEST_FILTER="Category!=Slow" bash scripts/test.sh

install: deps-run
	@bash scripts/install.sh

run: deps-run
	@bash scripts/run.sh $(ARGS)

bench:
	@bash scripts/bench.sh $(ARGS)

# Real clusters (k3d in Docker); not part of `make test`. Without docker or k3d it says so in one line and fails.
e2e:
	@if ! command -v docker >/dev/null 2>&1 || ! command -v k3d >/dev/null 2>&1 || ! docker info >/dev/null 2>&1; then \
	  echo "make e2e: needs docker (with a running engine) and k3d, not available on this machine (see e2e/README.md)"; exit 2; fi
	@bash scripts/deps.sh --for run
	@bash e2e/run.sh $(ARGS)

fmt:
	$(DOTNET) format $(SOLUTION)

# Formatting reads generated code (protobuf), so it runs on a built tree.
fmt-check: build
	$(DOTNET) format $(SOLUTION) --verify-no-changes --no-restore

clean:
	rm -rf artifacts .tools
