# The two set-up commands: `make demo` and `make test`. Both work on a fresh
# Debian machine with Python 3.11 and reuse whatever is already there.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PGPORT ?= 54329

.PHONY: load load-postgres bench-scanning demo serve test test-sqlite test-postgres lint bench bench-tree bench-tree-postgres bench-engine bench-counting bench-counting-postgres bench-documents messages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

# The demo serves plain http on 127.0.0.1, so its cookies cannot be https-only.
demo: $(STAMP)
	DAIHOI_SECURE_COOKIES=false DAIHOI_REQUIRE_2FA=false $(BIN)/daihoi demo --serve

serve: $(STAMP)
	DAIHOI_SECURE_COOKIES=false $(BIN)/daihoi serve

lint: $(STAMP)
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache

test-sqlite: $(STAMP)
	DAIHOI_DATA_DIR=$(CURDIR)/var/test DATABASE_URL= $(BIN)/pytest -q -p no:cacheprovider

test-postgres: $(STAMP)
	scripts/with-throwaway-postgres.sh $(PGPORT) $(BIN)/pytest -q -p no:cacheprovider

test: $(STAMP)
	scripts/install-system-deps.sh
	$(MAKE) lint
	$(MAKE) test-sqlite
	$(MAKE) test-postgres

bench: bench-tree bench-tree-postgres bench-engine bench-counting bench-documents \
	bench-dashboard bench-scanning bench-comments bench-bounded bench-nomination bench-export bench-backup

# The benchmarks that print ballots need the fonts the ballots are set in: without
# Liberation Serif the deck is drawn in the fallback font, and its figures differ.
.PHONY: system-deps
system-deps:
	scripts/install-system-deps.sh

bench-scanning: $(STAMP) system-deps
	PYTHONPATH=. $(BIN)/python tests/bench/bench_scanning.py

# Speed only, 1 and 2 workers, 3 runs each (about a minute): run it on a quiet machine.
.PHONY: bench-scan-speed
bench-scan-speed: $(STAMP) system-deps
	PYTHONPATH=. $(BIN)/python tests/bench/bench_scanning.py --speed-only --speed-pages 80 --workers 2 --repeat 3

# 2,000 delegates check in and vote against a real server on 127.0.0.1 (SQLite, then PostgreSQL).
load: $(STAMP)
	DATABASE_URL= PYTHONPATH=. $(BIN)/python tests/load/load_hall.py

load-postgres: $(STAMP)
	PYTHONPATH=. scripts/with-throwaway-postgres.sh $(PGPORT) $(BIN)/python tests/load/load_hall.py

# Issue 20: one secret cast's cost to the server and the database, one cast after another.
.PHONY: bench-cast bench-cast-postgres
bench-cast: $(STAMP)
	DATABASE_URL= PYTHONPATH=. $(BIN)/python tests/bench/bench_cast.py

bench-cast-postgres: $(STAMP)
	PYTHONPATH=. scripts/with-throwaway-postgres.sh $(PGPORT) $(BIN)/python tests/bench/bench_cast.py

bench-tree: $(STAMP)
	DATABASE_URL= $(BIN)/python tests/bench/bench_tree.py

bench-tree-postgres: $(STAMP)
	scripts/with-throwaway-postgres.sh $(PGPORT) $(BIN)/python tests/bench/bench_tree.py

bench-counting: $(STAMP)
	DATABASE_URL= PYTHONPATH=. $(BIN)/python tests/bench/bench_counting.py

bench-counting-postgres: $(STAMP)
	PYTHONPATH=. scripts/with-throwaway-postgres.sh $(PGPORT) $(BIN)/python tests/bench/bench_counting.py

.PHONY: bench-dashboard bench-dashboard-postgres
bench-dashboard: $(STAMP)
	DATABASE_URL= PYTHONPATH=. $(BIN)/python tests/bench/bench_dashboard.py

bench-dashboard-postgres: $(STAMP)
	PYTHONPATH=. scripts/with-throwaway-postgres.sh $(PGPORT) $(BIN)/python tests/bench/bench_dashboard.py

# Issue 17: a step of 60 sheets × 40 names typed twice through its pages, beside an
# election of the same size in the counting room (SQLite).
.PHONY: bench-nomination
bench-nomination: $(STAMP)
	DATABASE_URL= PYTHONPATH=. $(BIN)/python tests/bench/bench_nomination.py

bench-documents: $(STAMP) system-deps
	$(BIN)/python tests/bench/bench_documents.py

bench-engine: $(STAMP)
	$(BIN)/python tests/bench/bench_engine.py

# Issue 19: the whole organization's calendar to Excel (61,235 units) and the task queue's latency.
.PHONY: bench-backup
bench-backup: $(STAMP)
	DATABASE_URL= PYTHONPATH=. $(BIN)/python tests/bench/bench_backup.py

.PHONY: bench-backup-postgres
bench-backup-postgres: $(STAMP)
	PYTHONPATH=. scripts/with-throwaway-postgres.sh $(PGPORT) $(BIN)/python tests/bench/bench_backup.py

.PHONY: bench-export bench-export-postgres
bench-export: $(STAMP)
	DATABASE_URL= PYTHONPATH=. $(BIN)/python tests/bench/bench_export.py

bench-export-postgres: $(STAMP)
	PYTHONPATH=. scripts/with-throwaway-postgres.sh $(PGPORT) $(BIN)/python tests/bench/bench_export.py

.PHONY: bench-bounded
bench-bounded: $(STAMP)
	$(BIN)/python tests/bench/bench_bounded.py

# After changing UI strings: extract, translate locale/vi/LC_MESSAGES/django.po, compile.
messages: $(STAMP)
	cd src/daihoi && ../../$(BIN)/daihoi manage makemessages -l vi -l en --no-obsolete
	cd src/daihoi && ../../$(BIN)/daihoi manage compilemessages

clean:
	rm -rf $(VENV) var

# Comments grouped and clustered (100,000 and 1,000,000), then a section page of 10,000 (SQLite).
.PHONY: bench-comments
bench-comments: $(STAMP)
	DATABASE_URL= PYTHONPATH=.:src $(BIN)/python tests/bench/bench_comments.py

# Scanned ballots: 100 flagged ballots of 45 names decided in Chromium from the keyboard;
# then 400 ballots of 90 names printed, marked, read, reviewed, sealed, minutes and package.
.PHONY: bench-review bench-scan-e2e
bench-review: $(STAMP) system-deps
	PYTHONPATH=. $(BIN)/python tests/bench/bench_review.py

bench-scan-e2e: $(STAMP) system-deps
	PYTHONPATH=. $(BIN)/python tests/bench/bench_scan_e2e.py

# What the audit key's marks cost per audit entry (HMAC alone, a write with and without, verify).
.PHONY: bench-audit-key bench-audit-key-postgres
bench-audit-key: $(STAMP)
	DATABASE_URL= PYTHONPATH=.:src $(BIN)/python tests/bench/bench_audit_key.py

bench-audit-key-postgres: $(STAMP)
	PYTHONPATH=.:src scripts/with-throwaway-postgres.sh $(PGPORT) $(BIN)/python tests/bench/bench_audit_key.py
