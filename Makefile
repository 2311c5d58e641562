# Hotline 12345 — the two commands: `make run` and `make test`.
# Everything the project needs is installed from Debian's packages (apt) and npm (web UI).

SHELL := /bin/bash
PORT ?= 8080
HOST ?= 127.0.0.1
DATA ?= var
BUILD_TYPE ?= RelWithDebInfo
JOBS ?= $(shell nproc)
# ccache across checkouts in different folders (CI builds a fresh clone elsewhere).
export CCACHE_BASEDIR := $(CURDIR)
export CCACHE_NOHASHDIR := true

APT_PACKAGES := build-essential cmake ninja-build ccache pkg-config git \
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev \
  libsqlite3-dev sqlite3 libsodium-dev libspdlog-dev libfmt-dev libcli11-dev \
  libtomlplusplus-dev libicu-dev libxlsxwriter-dev libcurl4-openssl-dev \
  libgtest-dev libgmock-dev libbenchmark-dev wrk \
  chromium fonts-wqy-microhei

.PHONY: all deps build server web run test web-test bench clean format help

all: build

help:
	@echo "make run    install what is missing, build, seed the demo city on first start, serve on http://$(HOST):$(PORT)"
	@echo "make test   install what is missing, build, run every test"
	@echo "make build  build only (binary at build/hotline)"
	@echo "make bench  run the benchmarks (see docs/benchmarks.md)"

# Installs only what is missing: apt-get update + install run only when a package is absent.
deps:
	@missing=""; for p in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing:$$missing"; \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y --no-install-recommends $$missing; \
	fi
	@if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y --no-install-recommends nodejs npm; \
	fi

build/build.ninja: CMakeLists.txt CMakePresets.json
	cmake --preset default -DCMAKE_BUILD_TYPE=$(BUILD_TYPE)

build: server web

server: deps build/build.ninja
	cmake --build build -j $(JOBS)

# The web console: npm ci from the committed lock file (only when it changed), then vite build.
web/node_modules/.package-lock.json: web/package-lock.json
	cd web && npm ci --no-audit --no-fund
	@touch $@

web: deps web/node_modules/.package-lock.json
	cd web && npm run build

run: build
	@if [ ! -f "$(DATA)/hotline.db" ]; then \
	  echo "First start: creating the demo city in $(DATA)/ ..."; \
	  ./build/hotline demo --data $(DATA) || exit 1; \
	  echo; \
	  echo "Demo accounts (password: demo — demo only): agent dispatcher reviewer callback supervisor leader admin auditor,"; \
	  echo "and for every unit <unit-code>.handler / <unit-code>.admin (see 'build/hotline user list --data $(DATA)')."; \
	fi
	@echo "Serving on http://$(HOST):$(PORT)  (Ctrl-C to stop)"
	./build/hotline serve --data $(DATA) --listen $(HOST):$(PORT)

# The C++ suite, then the console's: Vitest, and the end-to-end suite in headless Chromium against the real
# server (it starts build/hotline itself on a free port with a fresh demo city).
test: build
	cd build && ctest --output-on-failure -j $(JOBS) --timeout 900
	$(MAKE) web-test

web-test: web/node_modules/.package-lock.json
	cd web && npm test
	cd web && HOTLINE_BIN=$(CURDIR)/build/hotline npm run e2e

bench: build
	bench/run.sh

format:
	clang-format -i $$(git ls-files 'src/*.cc' 'src/*.h' 'tests/*.cc' 'tests/*.h' 'bench/*.cc')

clean:
	rm -rf build
