# pydock: two commands matter. `make demo` shows pydock running a container on a fresh machine;
# `make test` runs every test, integration tests on the real containerd stack included.
# Both create the virtualenv and provision the stack (tests/stack/provision.sh, idempotent).

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum < pyproject.toml | cut -d' ' -f1)
DEMO := pydock-demo

.PHONY: venv stack demo test unit integration compat clients lint bench fuzz completions clean

# editable_mode=compat: a plain path entry, not setuptools' import finder (7 ms of start-up per
# call). compileall: this environment sets PYTHONDONTWRITEBYTECODE, so nothing would cache bytecode.
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test,dev]' --config-settings editable_mode=compat
	$(BIN)/python -m compileall -q shim
	rm -f $(VENV)/.installed-* && touch $@

venv: $(STAMP)

stack: venv
	PYDOCK=$(abspath $(BIN))/pydock tests/stack/provision.sh

demo: venv stack
	$(BIN)/python tests/stack/busybox_image.py /tmp/pydock-busybox.tar
	$(BIN)/pydock load -i /tmp/pydock-busybox.tar
	-@$(BIN)/pydock rm -f $(DEMO) >/dev/null 2>&1
	$(BIN)/pydock run --name $(DEMO) -e GREETING="hello from pydock" busybox \
	    sh -c 'echo "$$GREETING"; echo "running as $$(id -un) in $$(hostname)"; exit 3' || true
	$(BIN)/pydock ps -a
	$(BIN)/pydock logs $(DEMO)

# The unit tests need no stack: they run beside the differential table (tests/compat, which mostly waits on the
# engines), their report printed after it; then, still beside the table, the ssh transport's integration tests
# (BESIDE_TESTS: their own containerd namespaces, no reference engine, no fixed host port, so nothing the table's
# cleaning or comparisons see); then the other integration tests alone. Fails when any part fails.
# sh starts a background command with SIGINT and SIGQUIT ignored, which its children would inherit (the signal
# tests' stand-in processes among them): BESIDE gives them back their default action before pytest starts.
UNIT_LOG ?= $(VENV)/unit-tests.log
BESIDE_TESTS := tests/integration/test_ssh_*.py
BESIDE_LOG ?= $(VENV)/beside-tests.log
BESIDE := $(BIN)/python -c 'import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); \
	signal.signal(signal.SIGQUIT, signal.SIG_DFL); os.execv(sys.argv[1], sys.argv[1:])'
test: venv stack
	$(BIN)/python -m compileall -q shim
	@rm -f $(UNIT_LOG).exit $(BESIDE_LOG).exit; \
	( $(BESIDE) $(BIN)/pytest -p no:cacheprovider tests/unit > $(UNIT_LOG) 2>&1; echo $$? > $(UNIT_LOG).exit; \
	  $(BESIDE) $(BIN)/pytest -p no:cacheprovider $(BESIDE_TESTS) > $(BESIDE_LOG) 2>&1; \
	  echo $$? > $(BESIDE_LOG).exit ) & beside=$$!; \
	$(BIN)/pytest -p no:cacheprovider tests/compat; compat=$$?; \
	wait $$beside; units=$$(cat $(UNIT_LOG).exit 2>/dev/null || echo 1); \
	ssh=$$(cat $(BESIDE_LOG).exit 2>/dev/null || echo 1); \
	echo "== tests/unit (run beside tests/compat) =="; cat $(UNIT_LOG); \
	echo "== $(BESIDE_TESTS) (run beside tests/compat, after tests/unit) =="; cat $(BESIDE_LOG); \
	$(BIN)/pytest -p no:cacheprovider --ignore=tests/unit --ignore=tests/compat --ignore-glob='$(BESIDE_TESTS)'; rest=$$?; \
	echo "make test: tests/compat exit $$compat, tests/unit exit $$units, the ssh tests exit $$ssh, the rest exit $$rest"; \
	[ $$compat -eq 0 ] && [ $$units -eq 0 ] && [ $$ssh -eq 0 ] && [ $$rest -eq 0 ]

unit: venv
	$(BIN)/pytest tests/unit

integration: venv stack
	$(BIN)/pytest tests/integration

# The yardstick: the same docker scripts against the reference Docker Engine 29 and pydock, compared
# (tests/compat), with Engine 20.10 as a second column; then once more with pydock on its ctr backend (nerdctl
# hidden from its PATH) against Engine 29; writes the results the docs read.
compat: venv stack
	$(BIN)/python -m compileall -q shim
	$(BIN)/python -m tests.compat.harness --engines 29 20.10 --json docs/compat-results.json
	$(BIN)/python -m tests.compat.harness --backend ctr --engines 29 --json docs/compat-results-ctr.json
	$(BIN)/python -m shim.docgen

# A yardstick written by others: python-on-whales v0.81.0's own container and image tests, on Docker Engine 29
# (the reference), on Engine 20.10 and on pydock (tests/clients/pow_suite.py). Its tests are in no PyPI artifact
# and CI does not reach GitHub: give a checkout of the tag as POW_SRC; without one the target says so loudly and
# exits 0.
#   git clone --branch v0.81.0 --depth 1 https://github.com/gabrieldemarmiesse/python-on-whales DIR
POW_SRC ?=
clients: venv stack
	$(BIN)/python -m compileall -q shim
	$(BIN)/python -m tests.clients.pow_suite --source "$(POW_SRC)" --json docs/clients-results.json
	$(BIN)/python -m shim.docgen

lint: venv
	$(BIN)/ruff check shim tests

bench: venv stack
	$(BIN)/python -m compileall -q shim
	$(BIN)/python tests/bench/startup.py --write docs/benchmarks.md
	$(BIN)/python -m tests.bench.build --write docs/benchmarks.md
	$(BIN)/python -m tests.bench.scale --write docs/benchmarks.md
	$(BIN)/python -m tests.bench.bytes --write docs/benchmarks.md
	$(BIN)/python -m tests.bench.ctr --write docs/benchmarks.md
	$(BIN)/python -m tests.bench.ssh --write docs/benchmarks.md

# Bad input by the thousand (issue #14; docs/reliability.md): tests/unit/test_fuzz_argv.py's generated command lines
# at FUZZ_EXAMPLES per command path (`make test` runs 2,000; the other command paths get a tenth), then the
# differential fuzz against the docker CLI 28.2.2 (tests/fuzz/differential.py). Needs no stack: about 40 minutes.
FUZZ_EXAMPLES ?= 100000
FUZZ_DIFF_EXAMPLES ?= 2000
fuzz: venv
	$(BIN)/python -m compileall -q shim
	PYDOCK_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/pytest tests/unit/test_fuzz_argv.py tests/unit/test_no_shell.py \
	    tests/unit/test_bad_values.py tests/unit/test_go_ints.py -q
	$(BIN)/python -m tests.fuzz.differential --examples $(FUZZ_DIFF_EXAMPLES)

# The shell completion scripts in completions/, generated from the spec (a unit test fails when they drift).
completions: venv
	$(BIN)/python -m shim.completion.generate --write

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache
