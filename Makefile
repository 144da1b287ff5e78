# genesys.multicloud: development environment, tests and demo.
# `make demo` and `make test` are the whole setup on a fresh machine.

SHELL := /bin/bash
.DEFAULT_GOAL := help
.DELETE_ON_ERROR:

ROOT := $(CURDIR)
VENV := $(ROOT)/.venv
VENV_OLD := $(ROOT)/.venv-core216
BUILD := $(ROOT)/build
COLLECTIONS := $(BUILD)/collections
COLL := $(COLLECTIONS)/ansible_collections/genesys/multicloud
TEST_SANDBOX := $(BUILD)/test-sandbox
# The tests run their own sandbox, on free ports, beside any demo sandbox.
TEST_SANDBOX_ENV := SANDBOX_DIR=$(TEST_SANDBOX) SANDBOX_FREE_PORTS=1

# The newest ansible-core needs Python >= 3.12; 2.16 runs its controller on <= 3.12.
PYTHON_NEW = $(shell scripts/find-python 3.14 3.13 3.12)
PYTHON_OLD = $(shell scripts/find-python 3.12 3.11 3.10)
pyver = $(shell $(1)/bin/python -c 'import sys; print("%d.%d" % sys.version_info[:2])')

export ANSIBLE_COLLECTIONS_PATH := $(COLLECTIONS)
export ANSIBLE_NOCOLOR := 1
export NO_COLOR := 1
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: help venv collection sanity sanity-new sanity-old units sandbox-tests integration playbook-tests reliability lint molecule \
        build test demo sandbox sandbox-stop clean

help:
	@echo "make demo     start the sandbox and PostgreSQL, enable the demo tenants, show the result"
	@echo "make test     everything: sanity (newest core and 2.16), units, sandbox, integration,"
	@echo "              ansible-lint, molecule, and the built collection"
	@echo "make sandbox  start the sandbox and PostgreSQL in the background (make sandbox-stop)"
	@echo "make clean    remove the venvs and build directory"
	@echo "make integration TARGETS='gws_client nex_gapis'   only some integration targets"

# --- environment ----------------------------------------------------------------

# pip brings an existing venv to the pins, so a venv is only created when missing.
$(VENV)/.installed: requirements/dev.txt
	test -x $(VENV)/bin/python || $(PYTHON_NEW) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet -r requirements/dev.txt
	touch $@

$(VENV_OLD)/.installed: requirements/core216.txt
	test -x $(VENV_OLD)/bin/python || $(PYTHON_OLD) -m venv $(VENV_OLD)
	$(VENV_OLD)/bin/python -m pip install --quiet -r requirements/core216.txt
	touch $@

# shellcheck, from Debian's packages, so that the sanity test of the shell scripts runs.
venv: $(VENV)/.installed $(VENV_OLD)/.installed
	@scripts/ansible-test-pip-bootstrap
	@command -v shellcheck > /dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq shellcheck; }

# ansible-test wants the collection at ansible_collections/genesys/multicloud: a copy of
# the files git knows (tracked, or new and not ignored) is laid out in the build directory.
# The copy gets a git index of its own, since ansible-test lists files with git and the
# build directory is ignored by the project's.
collection: venv
	@rm -rf $(COLL) && mkdir -p $(COLL)
	@git ls-files --cached --others --exclude-standard -z \
	  | xargs -0 -I{} sh -c 'test -e "{}" && printf "%s\0" "{}"' \
	  | tar --null -T - -cf - | tar -xf - -C $(COLL)
	@cd $(COLL) && git init -q && git add -A

# --- test stages (each also runs alone) -------------------------------------------

sanity: sanity-new sanity-old

sanity-new: collection
	cd $(COLL) && PATH=$(VENV)/bin:$$PATH ansible-test sanity --color no --python $(call pyver,$(VENV))

sanity-old: collection
	cd $(COLL) && PATH=$(VENV_OLD)/bin:$$PATH ansible-test sanity --color no --python $(call pyver,$(VENV_OLD))

units: collection
	cd $(COLL) && PATH=$(VENV)/bin:$$PATH ansible-test units --color no --python $(call pyver,$(VENV))
	cd $(COLL) && PATH=$(VENV_OLD)/bin:$$PATH ansible-test units --color no --python $(call pyver,$(VENV_OLD))

sandbox-tests: venv
	$(VENV)/bin/python -m pytest -q -p no:cacheprovider tests/sandbox/tests

integration: collection
	$(TEST_SANDBOX_ENV) scripts/sandbox start
	$(TEST_SANDBOX_ENV) scripts/integration-config $(TEST_SANDBOX) > $(COLL)/tests/integration/integration_config.yml
	cd $(COLL) && PATH=$(VENV)/bin:$$PATH ansible-test integration --color no --python $(call pyver,$(VENV)) $(TARGETS); \
	  status=$$?; $(TEST_SANDBOX_ENV) $(ROOT)/scripts/sandbox stop; exit $$status

# The playbooks run as users run them, against sandboxes of their own.
playbook-tests: collection
	$(VENV)/bin/python -m pytest -q -p no:cacheprovider tests/playbooks

# The collection under failure: faults, killed and concurrent runs, expiring tokens, malformed
# inventories, TLS. It writes docs/reliability.md, the table of what it measured.
reliability: collection
	$(VENV)/bin/python -m pytest -q -p no:cacheprovider tests/reliability

lint: collection
	cd $(COLL) && PATH=$(VENV)/bin:$$PATH ansible-lint --profile production --offline

molecule: collection
	$(TEST_SANDBOX_ENV) scripts/sandbox start
	cd $(COLL)/extensions && PATH=$(VENV)/bin:$$PATH $(TEST_SANDBOX_ENV) molecule test --all; \
	  status=$$?; $(TEST_SANDBOX_ENV) $(ROOT)/scripts/sandbox stop; exit $$status

# The tarball users install, installed apart from the source tree, must list its modules.
build: venv
	rm -rf $(BUILD)/dist $(BUILD)/installed
	$(VENV)/bin/ansible-galaxy collection build --output-path $(BUILD)/dist --force
	scripts/check-tarball $(BUILD)/dist/genesys-multicloud-*.tar.gz
	$(VENV)/bin/ansible-galaxy collection install --force -p $(BUILD)/installed $(BUILD)/dist/genesys-multicloud-*.tar.gz
	ANSIBLE_COLLECTIONS_PATH=$(BUILD)/installed $(VENV)/bin/ansible-doc -l genesys.multicloud

test: venv
	@scripts/run-stages sanity-new sanity-old units sandbox-tests integration playbook-tests reliability lint molecule build

# --- sandbox and demo ---------------------------------------------------------------

sandbox: venv
	@scripts/sandbox start

sandbox-stop:
	@scripts/sandbox stop

# Skipped hosts are left out of the output: the environment steps run once, on the first tenant.
demo: collection
	@scripts/sandbox start
	ANSIBLE_DISPLAY_SKIPPED_HOSTS=false $(VENV)/bin/ansible-playbook genesys.multicloud.enable_tenant -i .sandbox/inventory
	@echo
	@echo "Each tenant's output (ccid, keys, services, manual steps): .sandbox/inventory/.genesys-output/<tenant>.json"
	@echo "Run make demo again: every tenant reports changed=0. Stop the sandbox: make sandbox-stop"

clean:
	-scripts/sandbox stop
	-$(TEST_SANDBOX_ENV) scripts/sandbox stop
	rm -rf $(VENV) $(VENV_OLD) $(BUILD)
