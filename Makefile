# TDCC Mesh. `make run` starts the sandbox; `make test` runs every test suite.
# Both install what they need (scripts/deps.sh) on a fresh machine.

SHELL := /bin/bash
DOTNET ?= dotnet
SOLUTION := Tdcc.Mesh.sln
CONFIGURATION ?= Debug
export DOTNET_CLI_TELEMETRY_OPTOUT := 1
export DOTNET_NOLOGO := 1
export PATH := $(CURDIR)/.tools/bin:$(PATH)

.PHONY: all build test test-fast run bench fmt fmt-check deps clean help

all: build

help:
	@echo "make run        start the sandbox clusterset (hub + east, west, edge)"
	@echo "make test       install test peers if missing, build, run every test suite"
	@echo "make test-fast  the same without suites marked Category=Slow"
	@echo "make build      build everything (warnings are errors)"
	@echo "make bench      run the benchmarks and print their figures"
	@echo "make fmt        format the code (dotnet format); fmt-check verifies it"
	@echo "make deps       install the external peers the tests drive (apt and npm)"

build: deps
	$(DOTNET) build $(SOLUTION) -c $(CONFIGURATION) --nologo

deps:
	@bash scripts/deps.sh

test: deps
	$(DOTNET) build $(SOLUTION) -c $(CONFIGURATION) --nologo
	@bash scripts/test.sh

test-fast: deps
	@TEST_FILTER="Category!=Slow" bash scripts/test.sh

run: deps
	@bash scripts/run.sh $(ARGS)

bench:
	@bash scripts/bench.sh $(ARGS)

fmt:
	$(DOTNET) format $(SOLUTION)

# Formatting reads generated code (protobuf), so it runs on a built tree.
fmt-check: build
	$(DOTNET) format $(SOLUTION) --verify-no-changes --no-restore

clean:
	rm -rf artifacts .tools
