# Shortcuts for the two README commands (make is optional: the README's commands need only Python 3.11).
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: run test bench eval

$(VENV)/.installed: requirements.txt
	python3.11 -m venv $(VENV)
	$(VENV)/bin/pip install -r requirements.txt
	touch $@

run: $(VENV)/.installed
	$(PY) app.py

test: $(VENV)/.installed
	$(PY) -m pytest

bench: $(VENV)/.installed
	$(PY) -m bench

eval: $(VENV)/.installed
	$(PY) -m eval
