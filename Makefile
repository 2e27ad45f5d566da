# The course's two commands: `make lab` (open the course) and `make test` (run every test).
# Both create .venv on first use; nothing else needs to be done first.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
ROOT_FLAG := $(shell [ "$$(id -u)" = 0 ] && echo --allow-root)

.PHONY: lab test lint grade report freeze bench nbgrader release audit clean help

help:
	@echo "make lab      open the course in JupyterLab"
	@echo "make test     run every test"
	@echo "make grade    grade the example submissions in examples/"
	@echo "make report   grade them, then write the class report out/examples/class_report.html"
	@echo "make freeze   refreeze public-check expectations from solutions/"
	@echo "make bench    print grading benchmarks"

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

lab: $(STAMP)
	$(VENV)/bin/jupyter lab --ServerApp.root_dir=. --ip=127.0.0.1 $(ROOT_FLAG) notebooks/01_tensors.ipynb

test: $(STAMP)
	$(VENV)/bin/ruff check .
	$(PY) -m pytest -q $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .

grade: $(STAMP)
	$(PY) -m grader examples examples
	$(PY) -m grader grade examples/complete examples/partial examples/stubs --out out/examples

report: grade
	$(PY) -m grader report out/examples --out out/examples/class_report.html \
		--json out/examples/class_report.json --csv out/examples/class_report.csv

freeze: $(STAMP)
	$(PY) -m grader freeze

bench: $(STAMP)
	$(PY) benchmarks/grade_one.py
	$(PY) benchmarks/cold_start.py --no-notebooks
	$(PY) benchmarks/batch.py --n 50 --jobs 2 --sequential 10
	$(PY) benchmarks/notebook_times.py
	$(PY) benchmarks/class_report.py --n 200

nbgrader: $(STAMP)
	$(PY) -m grader nbgrader build nbgrader_course

release: $(STAMP)
	$(PY) -m grader release

audit: $(STAMP)
	$(PY) -m grader audit

clean:
	rm -rf out dist build nbgrader_course
