SHELL := /bin/bash
# The two commands a fresh machine needs: `make up` (the main job) and `make test` (the whole suite).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install node system-deps up demo test unit integration lint crds image bench line-model clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

system-deps:
	bash .ci/install-system-deps.sh

install: system-deps $(STAMP)
	$(BIN)/python -m controller.devenv.build
	$(BIN)/python -m controller.devenv.images

# The one-node cluster's parts (tests/integration/test_node_cluster.py, `healing dev up --node`): kubelet, kube-proxy,
# kube-controller-manager, kube-scheduler and pause from the pinned sources, and the kube node image.
node: install
	$(BIN)/python -m controller.devenv.build --node
	$(BIN)/python -m controller.devenv.images --kube-node

up: install
	$(BIN)/healing up

demo: install
	$(BIN)/healing demo

test: install node lint
	$(BIN)/pytest -ra

unit: $(STAMP)
	$(BIN)/pytest -ra -m "not integration"

integration: install node
	$(BIN)/pytest -ra -m integration

lint: $(STAMP)
	$(BIN)/ruff check controller tests bench
	$(BIN)/healing crds | diff -u - <(cat crds/healing.insa.io_healingpolicies.yaml <(echo ---) crds/healing.insa.io_incidents.yaml <(echo ---) crds/healing.insa.io_hostreports.yaml) >/dev/null || \
		(echo "crds/ is stale: run 'make crds'" && exit 1)
	diff -r crds manifests/crd/bases/ -x kustomization.yaml -x 'kopf*' >/dev/null || \
		(echo "manifests/crd/bases is stale: run 'make crds'" && exit 1)

crds: $(STAMP)
	$(BIN)/healing crds --write crds
	$(BIN)/healing crds --write manifests/crd/bases

image: install
	$(BIN)/python -m controller.devenv.base_image

# The classifier's second opinion (controller/patterns/line_model.py), trained on the corpus; a test says when it is stale.
line-model: $(STAMP)
	$(BIN)/pip install --quiet -e '.[test,model]'
	$(BIN)/python -m controller.patterns.train_line_model --write

bench: install
	$(BIN)/pip install --quiet -e '.[test,model]'
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
