# Downbeat: two commands are all the set-up there is.
#   make run    install missing system packages, build, start the tray app
#   make test   the whole test suite (unit, integration, end-to-end under Xvfb)
# Also: make bench, make bundle, make lint, make icons, make fuzz.

CARGO ?= cargo
# Extra arguments for the app, e.g. make run ARGS=--open-dashboard
ARGS ?=

.PHONY: run test bench bundle lint icons deps deps-test tauri-cli clean fuzz

run: deps
	$(CARGO) run -p downbeat-desktop -- $(ARGS)

test: deps-test
	$(CARGO) test --workspace --all-targets --locked

bench: deps
	$(CARGO) bench --workspace --locked

# The status-page readers against broken copies of every corpus file:
# MUTATIONS random ones per whole file on top of the fixed ones, then
# FUZZ_PER_FORMAT random inputs per format (formats in turn, from seeds
# reduced to what each reading needs) on FUZZ_THREADS threads (default: the
# cores), stopping after FUZZ_SECONDS if set; in a release build. Prints
# the count per format, the rates and the peak memory.
MUTATIONS ?= 1000
FUZZ_PER_FORMAT ?= 10000000
FUZZ_SECONDS ?=
FUZZ_THREADS ?=
fuzz:
	DOWNBEAT_MUTATIONS=$(MUTATIONS) DOWNBEAT_FUZZ_PER_FORMAT=$(FUZZ_PER_FORMAT) \
	  $(if $(FUZZ_SECONDS),DOWNBEAT_FUZZ_SECONDS=$(FUZZ_SECONDS)) \
	  $(if $(FUZZ_THREADS),DOWNBEAT_FUZZ_THREADS=$(FUZZ_THREADS)) \
	  $(CARGO) test --release --locked -p downbeat-core --test mutation -- --nocapture --test-threads 1

lint:
	$(CARGO) fmt --all --check
	$(CARGO) clippy --workspace --all-targets --locked -- -D warnings

# The Tauri CLI, pinned to the 2.x release that matches the tauri crate in
# Cargo.lock, and installed (once, into target/tools) if missing.
TAURI_CLI_VERSION := 2.12.4
TOOLS := $(CURDIR)/target/tools
# Bundles per OS; the same `make bundle` everywhere.
ifeq ($(OS),Windows_NT)
  TAURI := $(TOOLS)/bin/cargo-tauri.exe
  BUNDLES ?= msi,nsis
else ifeq ($(shell uname -s),Darwin)
  TAURI := $(TOOLS)/bin/cargo-tauri
  BUNDLES ?= app,dmg
else
  TAURI := $(TOOLS)/bin/cargo-tauri
  BUNDLES ?= deb,appimage
endif

# Installable bundles in target/release/bundle/ (docs/INSTALL.md).
bundle: deps tauri-cli
	scripts/bundle "$(TAURI)" "$(BUNDLES)"

tauri-cli:
	@"$(TAURI)" --version 2>/dev/null | grep -qx "tauri-cli $(TAURI_CLI_VERSION)" || \
	  $(CARGO) install tauri-cli --version "$(TAURI_CLI_VERSION)" --locked --root "$(TOOLS)"

icons: tauri-cli
	TAURI="$(TAURI)" scripts/gen-icons

deps:
	@scripts/install-deps run

deps-test:
	@scripts/install-deps test

clean:
	$(CARGO) clean
