# Everything a fresh machine needs, from the two commands in the README.
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: install demo test bench lint

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

demo: install
	$(VENV)/bin/miner extract corpus/seeds

lint: install
	$(VENV)/bin/ruff check miner tests bench scripts

test: lint
	$(VENV)/bin/pytest -q

# Each script measures against a reference taken in the same run (these machines are noisy).
bench: install
	@for script in bench/*.py; do echo "== $$script"; $(PY) $$script || exit 1; done
