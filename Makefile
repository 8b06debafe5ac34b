# Two set-up commands: `make run` and `make test`. Everything they need is installed here.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PORT   ?= 8501
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: run test quick lint unit app e2e browser system-packages bench bench-slow bench-memory serve-cluster check clean

$(PY):
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed-run: requirements.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.installed-run

## Run the app on the bundled data (http://localhost:$(PORT)); DATA=path/to/folder serves another data folder.
run: $(VENV)/.installed-run
	$(if $(DATA),RELIEF_DATA="$(abspath $(DATA))") $(PY) -m streamlit run serve.py --server.port $(PORT)

# The tests run in parallel (pytest-xdist): WORKERS pytest processes, each with its own Chromium and, once the first
# browser test needs it, its own app server (tests/e2e/conftest.py), as Streamlit's own browser tests do. A test
# marked xdist_group shares its worker (and that module's server) with its group. WORKERS=0 runs in one process.
# Two, one per core: measured on 2 cores in one session, the browser layer took 454 s / 872 CPU-s with 2 workers
# against 474-486 s / 941-963 CPU-s with 3 (it is CPU-bound: 99 % busy), and the unit and AppTest layers 59.5 s
# against 63-66 s.
WORKERS ?= 2
PYTEST  := $(PY) -m pytest -n $(WORKERS) --dist loadgroup

## Install the test tools and Chromium if missing, then lint and run every test layer.
test: $(VENV)/.installed-dev browser tests/e2e/node_modules/.installed
	$(VENV)/bin/ruff check .
	$(PYTEST)

## The inner loop (about a minute on 2 cores): the package's unit tests and the pages under AppTest, no browser.
# (-p no:playwright: no test here drives a browser, so no process loads Playwright's plugin.)
quick: $(VENV)/.installed-dev
	$(PYTEST) -p no:playwright tests/unit tests/app

# axe-core for the accessibility checks in the e2e layer (exact version in tests/e2e/package-lock.json)
tests/e2e/node_modules/.installed: tests/e2e/package.json tests/e2e/package-lock.json | system-packages
	npm ci --prefix tests/e2e --no-audit --no-fund --loglevel=error
	touch $@

# Debian packages of the programs the tests run (the `apt:` rows of tests/programs.txt: Chromium, an emoji font,
# nginx, poppler-utils, systemd-analyze, npm, make), each installed only when its program is missing.
# Never waits for a prompt.
# APT_GET='echo apt-get' shows what would be installed (tests/unit/test_programs.py does).
PROGRAMS ?= tests/programs.txt
APT_GET  ?= $(SUDO) apt-get
browser: system-packages
system-packages:
	@missing=$$(awk '!/^#/ && $$2 ~ /^apt:/ { print $$1, substr($$2, 5) }' $(PROGRAMS) | \
		while read -r program package; do \
			case "$$program" in \
				/*) [ -e "$$program" ] ;; \
				*) command -v "$$program" >/dev/null 2>&1 || [ -x "/usr/sbin/$$program" ] || [ -x "/sbin/$$program" ] ;; \
			esac || echo "$$package"; \
		done | sort -u | paste -sd' ' -); \
	if [ -n "$$missing" ]; then \
		echo "Installing Debian packages: $$missing"; \
		$(APT_GET) update -qq && \
		DEBIAN_FRONTEND=noninteractive $(APT_GET) install -y -qq --no-install-recommends \
			$$missing >/dev/null; \
	fi

lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .

unit: $(VENV)/.installed-dev
	$(PYTEST) tests/unit

app: $(VENV)/.installed-dev
	$(PYTEST) tests/app

e2e: $(VENV)/.installed-dev browser tests/e2e/node_modules/.installed
	$(PYTEST) tests/e2e

## Check a data folder: make check DATA=path/to/folder (the same validation the app runs).
check: $(VENV)/.installed-run
	$(PY) -m relief check $(or $(DATA),data)

## Benchmark against a bare Streamlit app (bench/RESULTS.md); QUICK=1 for one short round; BEFORE=<git rev> also
## measures that earlier revision in the same rounds (e.g. BEFORE=f4b0dc1).
bench: $(VENV)/.installed-dev system-packages .venv-serve/.installed
	$(PY) bench/run.py --server-python .venv-serve/bin/python $(if $(QUICK),--quick) $(if $(BEFORE),--before $(BEFORE))

# The servers under benchmark run as users run them: requirements.txt only, no test tools.
.venv-serve/.installed: requirements.txt
	$(PYTHON) -m venv .venv-serve
	.venv-serve/bin/python -m pip install --quiet -r requirements.txt
	touch $@

## A first view over a slow link (1.6 Mbps, CPU 4x slower) against the bare app: first paint, first chart, bytes.
bench-slow: $(VENV)/.installed-dev system-packages .venv-serve/.installed
	$(PY) bench/slow_link.py $(if $(BEFORE),--before $(BEFORE))

## N replicas behind nginx on http://127.0.0.1:$(or $(CLUSTER_PORT),8080) (Ctrl-C stops all).
N ?= 2
serve-cluster: $(VENV)/.installed-run system-packages
	$(PY) deploy/nginx/cluster.py --replicas $(N) --port $(or $(CLUSTER_PORT),8080)

## Server memory after 50 sessions that each upload a data folder (see bench/upload_memory.py).
bench-memory: $(VENV)/.installed-dev browser
	$(PY) bench/upload_memory.py

clean:
	rm -rf $(VENV) .venv-serve tests/artifacts .pytest_cache .ruff_cache
