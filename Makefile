# One task runner. `make run` and `make test` do all set-up on a fresh machine.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cksum < pyproject.toml | cut -d' ' -f1)
SEED   := seeds/000_0b078e7ce2398037.txt
# llama.cpp builds from source (no wheel for 0.3.36): portable flags, so the build is not
# tied to this CPU's instruction set. pip caches the built wheel for later installs.
export CMAKE_ARGS ?= -DGGML_NATIVE=OFF

.PHONY: run test lint bench schemas clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --progress-bar off -e '.[local,local-small,dev]'
	rm -f $(VENV)/.installed-*
	touch $@

run: $(STAMP)
	$(BIN)/summarize $(SEED)

test: $(STAMP)
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check summarize tests bench
	$(BIN)/mypy

schemas: $(STAMP)
	$(BIN)/python -m summarize.schema_files --write

bench: $(STAMP)
	$(BIN)/python bench/pipeline.py

clean:
	rm -rf $(VENV) build dist *.egg-info
