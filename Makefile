# Downbeat: two commands are all the set-up there is.
#   make run    install missing system packages, build, start the tray app
#   make test   the whole test suite (unit, integration, end-to-end under Xvfb)
# Also: make bench, make bundle, make lint, make icons.

CARGO ?= cargo
# Extra arguments for the app, e.g. make run ARGS=--open-dashboard
ARGS ?=

.PHONY: run test bench lint icons deps deps-test clean

run: deps
	$(CARGO) run -p downbeat-desktop -- $(ARGS)

test: deps-test
	$(CARGO) test --workspace --all-targets --locked

bench: deps
	$(CARGO) bench --workspace --locked

lint:
	$(CARGO) fmt --all --check
	$(CARGO) clippy --workspace --all-targets --locked -- -D warnings

icons:
	scripts/gen-icons

deps:
	@scripts/install-deps run

deps-test:
	@scripts/install-deps test

clean:
	$(CARGO) clean
