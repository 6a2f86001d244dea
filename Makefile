# Everything a fresh machine needs, from the two commands in the README.
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: install demo test bench lint browser fonts

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

# Charts (miner/charts.py, notebooks/) draw Chinese labels: a font with Chinese glyphs, Debian's
# fonts-noto-cjk, installed where fontconfig knows none (apt needs root, as in CI). Separate
# from `browser`, whose install is allowed to fail: without the font the chart tests fail.
fonts:
	@fc-list :lang=zh family 2>/dev/null | grep -q . || { apt-get update -q \
	  && apt-get install -y -q --no-install-recommends fonts-noto-cjk; } \
	  || { echo "make: no Chinese font; install fonts-noto-cjk (as root)" >&2; exit 1; }

# The report's browser test (tests/test_report.py) drives Debian's chromium; apt runs only when
# it is missing (CI runs as root). After `fonts`, so two apt runs never race under make -j.
# Elsewhere, without root, apt's failure is ignored and the test skips, outside CI only.
browser: fonts
	-@if command -v chromium >/dev/null && command -v chromedriver >/dev/null; then :; else \
	  apt-get update && apt-get install -y --no-install-recommends \
	  chromium chromium-driver fonts-noto-cjk; fi

test: lint browser fonts
	$(VENV)/bin/pytest -q

# Each script measures against a reference taken in the same run (these machines are noisy).
# Byte-compiled first, as an installed package is (an editable install is not, and a shell with
# PYTHONDONTWRITEBYTECODE would otherwise compile every module on every cold start).
bench: install
	@$(PY) -m compileall -q miner
	@for script in bench/*.py; do echo "== $$script"; $(PY) $$script || exit 1; done
