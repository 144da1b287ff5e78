# genesys.multicloud: development environment, tests and demo.
# `make demo` and `make test` are the whole setup on a fresh machine.

SHELL := /bin/bash
.DEFAULT_GOAL := help
.DELETE_ON_ERROR:

ROOT := $(CURDIR)
VENV := $(ROOT)/.venv
VENV_OLD := $(ROOT)/.venv-core216
# Python 3.11 (Debian 12's) with ansible-core 2.19, the newest it runs: tests, and the demo's venv
# on machines without Python 3.12 or newer.
VENV_311 := $(ROOT)/.venv-core219
VENV_IMPORTER := $(ROOT)/.venv-importer
BUILD := $(ROOT)/build
COLLECTIONS := $(BUILD)/collections
COLL := $(COLLECTIONS)/ansible_collections/genesys/multicloud
TEST_SANDBOX := $(BUILD)/test-sandbox
# ansible-test keeps its venvs and downloads in ~/.ansible/test: for sanity and units, a home of
# its own under the build directory keeps them there (and out of the user's home). Integration runs
# with the real home: async tasks lose their job files when HOME and the user's home differ.
ANSIBLE_TEST_HOME := $(BUILD)/ansible-test-home
ANSIBLE_TEST = HOME=$(ANSIBLE_TEST_HOME) ansible-test
# The tests run their own sandbox, on free ports, beside any demo sandbox.
TEST_SANDBOX_ENV := SANDBOX_DIR=$(TEST_SANDBOX) SANDBOX_FREE_PORTS=1

# The newest ansible-core needs Python >= 3.12; 2.16 runs its controller on <= 3.12; 2.19 is the
# newest for 3.11. A venv is made with the newest interpreter found of its versions, or the make
# fails naming the venv, the versions and what to install (scripts/find-python).
new_venv = test -x $(1)/bin/python || { python=$$(scripts/find-python --for $(notdir $(1)) $(2)) && $$python -m venv $(1); }
pyver = $(shell $(1)/bin/python -c 'import sys; print("%d.%d" % sys.version_info[:2])')

export ANSIBLE_COLLECTIONS_PATH := $(COLLECTIONS)
export ANSIBLE_NOCOLOR := 1
export NO_COLOR := 1
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: help venv collection sanity sanity-new sanity-old units sandbox-tests integration playbook-tests reliability reliability-report lint molecule \
        build test demo sandbox sandbox-stop clean bench fresh-check fresh-sanity-old

help:
	@echo "make demo     start the sandbox and PostgreSQL, enable the demo tenants, show the result"
	@echo "make test     everything: sanity (newest core and 2.16), units, core 2.19, sandbox, integration,"
	@echo "              playbooks, ansible-runner, ansible-lint, molecule, the built collection, its"
	@echo "              execution environment, galaxy-importer, the docs lint and the AWX setup"
	@echo "make sandbox  start the sandbox and PostgreSQL in the background (make sandbox-stop)"
	@echo "make clean    remove the venvs and build directory"
	@echo "make integration TARGETS='gws_client nex_gapis'   only some integration targets"
	@echo "make bench    the playbooks against a plain-uri baseline, K=20 tenants (K=100; K=500 without"
	@echo "              the baseline); results in bench/results/ (not part of make test);"
	@echo "              RUNS=first,rerun measures fewer runs, PROFILE=1 adds a py-spy profile; exits 3 when a"
	@echo "              target is missed, NO_FAIL=1 exits 0"
	@echo "make docs     the documentation site, under build/docs/build/html"
	@echo "make fresh-check        the demo from a clone of HEAD, with a fresh home and a minimal PATH"
	@echo "make reliability-report the reliability suite, refreshing docs/reliability.md"
	@echo "make collections-path   ansible-doc and ansible-playbook on the working tree (README)"

# --- environment ----------------------------------------------------------------

# pip brings an existing venv to the pins, so a venv is only created when missing.
$(VENV)/.installed: requirements/dev.txt
	$(call new_venv,$(VENV),3.14 3.13 3.12)
	$(VENV)/bin/python -m pip install --quiet -r requirements/dev.txt
	touch $@

$(VENV_OLD)/.installed: requirements/core216.txt
	$(call new_venv,$(VENV_OLD),3.12 3.11 3.10)
	$(VENV_OLD)/bin/python -m pip install --quiet -r requirements/core216.txt
	@scripts/ansible-test-pip-bootstrap $(ANSIBLE_TEST_HOME)
	touch $@

$(VENV_311)/.installed: requirements/core219.txt
	$(call new_venv,$(VENV_311),3.11)
	$(VENV_311)/bin/python -m pip install --quiet -r requirements/core219.txt
	@scripts/ansible-test-pip-bootstrap $(ANSIBLE_TEST_HOME)
	touch $@

$(VENV_IMPORTER)/.installed: requirements/importer.txt
	$(call new_venv,$(VENV_IMPORTER),3.14 3.13 3.12)
	$(VENV_IMPORTER)/bin/python -m pip install --quiet -r requirements/importer.txt
	touch $@

# venv-new alone serves the stages that do not need the 2.16 venv; it installs nothing outside
# the checkout.
venv-new: $(VENV)/.installed
	@scripts/ansible-test-pip-bootstrap $(ANSIBLE_TEST_HOME)

venv: venv-new $(VENV_OLD)/.installed system-packages
	@scripts/ansible-test-pip-bootstrap $(ANSIBLE_TEST_HOME)

# shellcheck, from Debian's packages, so that the sanity test of the shell scripts runs: the one
# system package make venv and make test install (the sandbox's PostgreSQL aside, scripts/pgsql).
system-packages:
	@command -v shellcheck > /dev/null || { echo "installing Debian's shellcheck (apt-get) for the sanity tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq shellcheck; }

# A link .ansible/collections/ansible_collections/genesys/multicloud -> the checkout, so that
# ansible-doc and ansible-playbook see the working tree as it is (README, "From the checkout").
COLLECTIONS_LINK := $(ROOT)/.ansible/collections/ansible_collections/genesys/multicloud
collections-path:
	@mkdir -p $(dir $(COLLECTIONS_LINK))
	@ln -sfn $(ROOT) $(COLLECTIONS_LINK)
	@echo "ANSIBLE_COLLECTIONS_PATH=$(ROOT)/.ansible/collections"

# ansible-test wants the collection at ansible_collections/genesys/multicloud: a copy of
# the files git knows (tracked, or new and not ignored) is laid out in the build directory.
# The copy gets a git index of its own, since ansible-test lists files with git and the
# build directory is ignored by the project's.
collection: venv-new
	@rm -rf $(COLL) && mkdir -p $(COLL)
	@git ls-files --cached --others --exclude-standard -z \
	  | xargs -0 -I{} sh -c 'test -e "{}" && printf "%s\0" "{}"' \
	  | tar --null -T - -cf - | tar -xf - -C $(COLL)
	@cd $(COLL) && git init -q && git add -A

# --- test stages (each also runs alone) -------------------------------------------

sanity: sanity-new sanity-old

sanity-new: collection
	cd $(COLL) && PATH=$(VENV)/bin:$$PATH $(ANSIBLE_TEST) sanity --color no --python $(call pyver,$(VENV))

# The oldest core supported: the sanity tests whose verdict depends on the core and the Python in
# use (CORE_SANITY, below); the linters, whose versions each ansible-test pins, run on the newest.
sanity-old: collection $(VENV_OLD)/.installed
	cd $(COLL) && PATH=$(VENV_OLD)/bin:$$PATH $(ANSIBLE_TEST) sanity --color no --python $(call pyver,$(VENV_OLD)) $(CORE_SANITY)

units: collection $(VENV_OLD)/.installed
	cd $(COLL) && PATH=$(VENV)/bin:$$PATH $(ANSIBLE_TEST) units --color no --python $(call pyver,$(VENV))
	cd $(COLL) && PATH=$(VENV_OLD)/bin:$$PATH $(ANSIBLE_TEST) units --color no --python $(call pyver,$(VENV_OLD))

sandbox-tests: venv-new
	$(VENV)/bin/python -m pytest -q -p no:cacheprovider tests/sandbox/tests

integration: collection
	$(TEST_SANDBOX_ENV) scripts/sandbox start
	$(TEST_SANDBOX_ENV) scripts/integration-config $(TEST_SANDBOX) > $(COLL)/tests/integration/integration_config.yml
	cd $(COLL) && PATH=$(VENV)/bin:$$PATH ansible-test integration --color no --python $(call pyver,$(VENV)) $(TARGETS); \
	  status=$$?; $(TEST_SANDBOX_ENV) $(ROOT)/scripts/sandbox stop; exit $$status

# The playbooks run as users run them, against sandboxes of their own.
# Two workers, each with a sandbox of its own: the tests wait on ansible-playbook, one core each.
playbook-tests: collection
	$(VENV)/bin/python -m pytest -q -p no:cacheprovider -n 2 tests/playbooks

# The collection under failure: faults, killed and concurrent runs, expiring tokens, malformed
# inventories, TLS. It writes build/reliability.md, the table of what it measured;
# reliability-report refreshes the committed docs/reliability.md instead.
reliability: collection
	$(VENV)/bin/python -m pytest -q -p no:cacheprovider tests/reliability

reliability-report: collection
	RELIABILITY_REPORT=$(ROOT)/docs/reliability.md $(VENV)/bin/python -m pytest -q -p no:cacheprovider tests/reliability

lint: collection
	cd $(COLL) && PATH=$(VENV)/bin:$$PATH ansible-lint --profile production --offline

molecule: collection
	$(TEST_SANDBOX_ENV) scripts/sandbox start
	cd $(COLL)/extensions && PATH=$(VENV)/bin:$$PATH $(TEST_SANDBOX_ENV) molecule test --all; \
	  status=$$?; $(TEST_SANDBOX_ENV) $(ROOT)/scripts/sandbox stop; exit $$status

# The tarball users install, installed apart from the source tree, must list its modules.
build: venv-new
	rm -rf $(BUILD)/dist $(BUILD)/installed
	$(VENV)/bin/ansible-galaxy collection build --output-path $(BUILD)/dist --force
	scripts/check-tarball $(BUILD)/dist/genesys-multicloud-*.tar.gz
	$(VENV)/bin/ansible-galaxy collection install --force -p $(BUILD)/installed $(BUILD)/dist/genesys-multicloud-*.tar.gz
	ANSIBLE_COLLECTIONS_PATH=$(BUILD)/installed $(VENV)/bin/ansible-doc -l genesys.multicloud

.PHONY: venv-new system-packages collections-path core219 runner-tests dist ee importer docs-lint awx docs release-check

# ansible-core 2.19 on Python 3.11, what pip gives a Debian 12 controller: the unit tests, and
# the sanity tests whose verdict depends on the core and the Python in use (the others, linters
# with pinned versions, run on the newest core).
CORE_SANITY := --test compile --test import --test validate-modules --test ansible-doc --test runtime-metadata \
  --test action-plugin-docs --test shebang
core219: collection $(VENV_311)/.installed
	cd $(COLL) && PATH=$(VENV_311)/bin:$$PATH $(ANSIBLE_TEST) sanity --color no --python $(call pyver,$(VENV_311)) $(CORE_SANITY)
	cd $(COLL) && PATH=$(VENV_311)/bin:$$PATH $(ANSIBLE_TEST) units --color no --python $(call pyver,$(VENV_311))

# enable_tenant through ansible-runner, in a private data directory laid out as AWX lays it out.
runner-tests: collection
	$(VENV)/bin/python -m pytest -q -p no:cacheprovider tests/runner

# The tarball alone, for the stages that check what users get.
DIST := $(BUILD)/dist
dist: venv-new
	@rm -rf $(DIST)
	@$(VENV)/bin/ansible-galaxy collection build --output-path $(DIST) --force > /dev/null

# The execution environment's build context made from the tarball lists the collection's
# requirements (scripts/check-ee; building the image needs a container engine).
ee: dist
	scripts/check-ee $(DIST)/genesys-multicloud-*.tar.gz $(BUILD)/ee

# What Galaxy and Automation Hub run on every upload; its ansible-test pass needs a container.
importer: dist $(VENV_IMPORTER)/.installed
	scripts/check-import $(VENV_IMPORTER) $(DIST)/genesys-multicloud-*.tar.gz

# The documentation of every module and role, and the changelog fragments.
docs-lint: collection
	cd $(COLL) && PATH=$(VENV)/bin:$$PATH antsibull-docs lint-collection-docs --plugin-docs .
	cd $(COLL) && PATH=$(VENV)/bin:$$PATH antsibull-changelog lint

# The release of galaxy.yml's version, on a scratch copy: CHANGELOG.rst from the fragments.
release-check: venv-new
	scripts/check-release $(VENV) $(BUILD)/release

# The AWX setup playbook (extensions/awx) uses awx.awx, which the collection does not depend on.
awx: venv-new
	scripts/check-awx $(BUILD)/awx

# The documentation site, under build/docs/build/html.
docs: collection
	scripts/build-docs $(VENV) $(COLLECTIONS) $(BUILD)/docs

# Stages joined by + run side by side: most of them wait on one ansible-playbook or pytest
# process at a time, and the machine has cores to spare. Stages paired share no directory
# they write to (ansible-test runs alone: each run clears the collection's tests/output).
test: system-packages
	@scripts/run-stages sanity-new+sandbox-tests sanity-old units core219 integration+reliability playbook-tests \
	  runner-tests+lint molecule+importer build+fresh-check ee docs-lint awx

# --- benchmark (not part of make test) ------------------------------------------------

K ?= 20
FORKS ?= 10
BASELINE ?= auto
RUNS ?= first,rerun,check,remove
# PROFILE=1: also where a converged re-run spends the controller's time (py-spy).
PROFILE ?=
# NO_FAIL=1: exit 0 even when a target is missed (the table marks it MISSED).
NO_FAIL ?=

$(VENV)/.bench-installed: requirements/bench.txt $(VENV)/.installed
	$(VENV)/bin/python -m pip install --quiet -r requirements/bench.txt
	touch $@

# bench/results/README.md says how to read what it writes.
# A copy of its own: a long bench must not see the build tree change under it (make collection).
BENCH_COLLECTIONS := $(BUILD)/bench-collections
bench: collection $(VENV)/.bench-installed
	rm -rf $(BENCH_COLLECTIONS) && mkdir -p $(BENCH_COLLECTIONS) && cp -a $(COLLECTIONS)/ansible_collections $(BENCH_COLLECTIONS)/
	ANSIBLE_COLLECTIONS_PATH=$(BENCH_COLLECTIONS) $(VENV)/bin/python -m bench --tenants $(K) --forks $(FORKS) \
	  --baseline $(BASELINE) --runs $(RUNS) $(if $(PROFILE),--profile) $(if $(NO_FAIL),--no-fail)

# --- sandbox and demo ---------------------------------------------------------------

sandbox:
	@$(MAKE) --no-print-directory $(DEMO_VENV)/.installed
	@SANDBOX_PYTHON=$(DEMO_VENV)/bin/python SANDBOX_EVERY_FEATURE=1 scripts/sandbox start

sandbox-stop:
	@scripts/sandbox stop

# The demo runs where the only Python is 3.11 (Debian 12's) with the newest ansible-core that runs
# there, from the working tree (collections-path). Skipped hosts are left out of the output: the
# environment steps run once, on the first tenant.
DEMO_VENV = $(if $(wildcard $(VENV)/bin/python)$(shell scripts/find-python 3.14 3.13 3.12 2> /dev/null),$(VENV),$(VENV_311))
DEMO_PLAYBOOK = ANSIBLE_COLLECTIONS_PATH=.ansible/collections $(notdir $(DEMO_VENV))/bin/ansible-playbook
demo: collections-path
	@$(MAKE) --no-print-directory $(DEMO_VENV)/.installed
	@echo "demo with $$($(DEMO_VENV)/bin/ansible --version | head -1) on Python $$($(DEMO_VENV)/bin/python -c 'import platform; print(platform.python_version())')"
	@SANDBOX_PYTHON=$(DEMO_VENV)/bin/python SANDBOX_EVERY_FEATURE=1 scripts/sandbox start
	ANSIBLE_COLLECTIONS_PATH=$(ROOT)/.ansible/collections ANSIBLE_DISPLAY_SKIPPED_HOSTS=false \
	  $(DEMO_VENV)/bin/ansible-playbook genesys.multicloud.enable_tenant -i .sandbox/inventory
	@echo
	@echo "Each tenant's output (ccid, keys, services, manual steps): .sandbox/inventory/.genesys-output/<tenant>.json"
	@echo "Run make demo again: every tenant reports changed=0. Stop the sandbox: make sandbox-stop"
	@echo "Your own runs on the sandbox, from this directory (t300 orders toll-free numbers; the other modules"
	@echo "have a ready playbook each, with the sandbox's credentials in .sandbox/playbooks/vars.yml):"
	@echo "  $(DEMO_PLAYBOOK) genesys.multicloud.enable_tenant -i .sandbox/inventory --check --diff"
	@echo "  $(DEMO_PLAYBOOK) .sandbox/playbooks/icws_info.yml   (or luware_info.yml, tollfree_numbers_info.yml)"

# The demo from a clone of HEAD in a private directory, with a fresh home and a minimal PATH;
# then make sandbox-stop must leave no process of the clone (scripts/fresh-check). About two
# minutes, beside make build in make test (they share no directory: the clone is elsewhere).
fresh-check:
	scripts/fresh-check demo

# make sanity-old from a clone of HEAD with a home holding only pyenv's interpreters: what a fresh
# machine meets (ansible-test's bootstrap included). Minutes of venvs: not part of make test.
fresh-sanity-old:
	scripts/fresh-check sanity-old

# The PostgreSQL data of both sandboxes goes too, also where it lives outside the checkout
# (scripts/pgsql: a checkout that user postgres cannot reach).
clean:
	-scripts/sandbox stop
	-$(TEST_SANDBOX_ENV) scripts/sandbox stop
	-scripts/pgsql remove .sandbox/pg
	-scripts/pgsql remove $(TEST_SANDBOX)/pg
	rm -rf $(VENV) $(VENV_OLD) $(VENV_311) $(VENV_IMPORTER) $(BUILD) $(ROOT)/.ansible
