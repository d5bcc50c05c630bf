# One task runner. `make run` and `make test` do all set-up on a fresh machine.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cksum < pyproject.toml | cut -d' ' -f1)
SEED   := seeds/000_0b078e7ce2398037.txt
# llama.cpp builds from source (no wheel for 0.3.36): portable flags, so the build is not
# tied to this CPU's instruction set. pip caches the built wheel for later installs.
export CMAKE_ARGS ?= -DGGML_NATIVE=OFF

# The mypyc build of the figure finding and checking modules (README, "Speed of the
# number check"). The wheel is built from a copy: hatch-mypyc compiles in place, and a
# compiled module left beside its source would shadow every later edit of it in the
# editable install.
COMPILED := build/compiled
COMPILED_TESTS := tests/test_compiled.py tests/test_figures.py tests/test_grounding.py \
	tests/test_checker.py tests/test_schema.py tests/test_release.py

.PHONY: run test lint bench schemas clean compiled dist

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --progress-bar off -e '.[local,local-small,dev]'
	rm -f $(VENV)/.installed-*
	touch $@

run: $(STAMP)
	$(BIN)/summarize $(SEED)

$(COMPILED)/.built: $(STAMP) pyproject.toml $(wildcard summarize/*.py summarize/*/*.py prompts/* schemas/*)
	rm -rf build/mypyc $(COMPILED) && mkdir -p build/mypyc/src
	cp -r pyproject.toml README.md summarize prompts schemas build/mypyc/src/
	HATCH_BUILD_HOOK_ENABLE_MYPYC=1 $(BIN)/python -m pip wheel --no-deps --no-build-isolation -q \
		-w build/mypyc/wheel build/mypyc/src
	$(BIN)/python -m pip install --no-deps -q --target $(COMPILED) build/mypyc/wheel/summarize-*.whl
	touch $@

compiled: $(COMPILED)/.built

# The files of a release (README, "Releasing"): the sdist, the pure-Python wheel, and the
# compiled wheel for this platform and Python, retagged manylinux by auditwheel (PyPI takes
# no plain linux_x86_64 wheel); twine checks what PyPI would check of their metadata.
DIST ?= dist
dist: $(STAMP) $(COMPILED)/.built
	rm -rf $(DIST) && mkdir -p $(DIST)
	$(BIN)/hatchling build -t sdist -t wheel -d $(DIST)
	PATH="$(abspath $(BIN)):$$PATH" $(BIN)/auditwheel repair -w $(DIST) build/mypyc/wheel/summarize-*.whl
	$(BIN)/twine check --strict $(DIST)/*

# The whole suite on the plain Python of the editable install, then the figure and check
# tests again on the compiled build, put first on the path (-P: not the checkout).
test: $(STAMP) $(COMPILED)/.built
	$(BIN)/python -m pytest
	SUMMARIZE_COMPILED=$(COMPILED) PYTHONPATH=$(COMPILED) $(BIN)/python -P -m pytest -p no:cacheprovider $(COMPILED_TESTS)

lint: $(STAMP)
	$(BIN)/ruff check summarize tests bench
	$(BIN)/mypy

schemas: $(STAMP)
	$(BIN)/python -m summarize.schema_files --write

bench: $(STAMP)
	$(BIN)/python bench/pipeline.py

clean:
	rm -rf $(VENV) build dist *.egg-info
