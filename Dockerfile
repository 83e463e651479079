# One image for the operator and the agent: `healing operator ...` / `healing agent ...` (see manifests/).
#
# Inputs: dist/ with the wheels, made on the host so that this build needs no network:
#   python -m controller.devenv.base_image --wheels dist/    (pip wheel, pinned to the tested versions)
#   docker build --build-arg BASE_IMAGE=python:3.11-slim-bookworm -t ghcr.io/insa/healing-operator:0.1.0 .
# Without a registry, `python -m controller.devenv.base_image` does both on a debootstrapped local base image.
# No HEALTHCHECK: Kubernetes probes the operator (/healthz on 8081); Docker's health checks would only duplicate it.

ARG BASE_IMAGE=python:3.11-slim-bookworm

FROM ${BASE_IMAGE} AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1 PIP_NO_INDEX=1
# Dependencies first, from the pinned lock: this layer survives changes of the project's own code.
COPY dist/deps/ /dist/deps/
RUN python3 -m venv /opt/healing \
 && /opt/healing/bin/pip install --find-links=/dist/deps --requirement=/dist/deps/requirements.txt
COPY dist/*.whl /dist/
# kubernetes/aio is the client's asyncio twin (68 MB of generated code): nothing here imports it.
RUN /opt/healing/bin/pip install --no-deps /dist/integrated_healing_operator-*.whl \
 && /opt/healing/bin/pip uninstall --yes pip setuptools \
 && rm -rf /opt/healing/lib/python3*/site-packages/kubernetes/aio \
 && /opt/healing/bin/healing --version

FROM ${BASE_IMAGE}
# journalctl: the agent reads unit logs with it. The local base has it; python:*-slim gets it here.
RUN command -v journalctl >/dev/null || { apt-get update && apt-get install -y --no-install-recommends systemd \
    && rm -rf /var/lib/apt/lists/*; }
# The operator's user (the Deployment runs it as 65532 with a read-only root filesystem); the agent's
# DaemonSet overrides it with runAsUser 0 because it needs the host's sockets.
RUN groupadd --system --gid 65532 healing \
 && useradd --system --uid 65532 --gid 65532 --home-dir /nonexistent --no-create-home --shell /usr/sbin/nologin healing
COPY --from=build /opt/healing /opt/healing
ENV PATH=/opt/healing/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1
LABEL org.opencontainers.image.title="Integrated Healing Operator" \
      org.opencontainers.image.source="https://github.com/insa/healing-operator" \
      org.opencontainers.image.licenses="Apache-2.0"
USER 65532:65532
WORKDIR /tmp
ENTRYPOINT ["healing"]
CMD ["--help"]
