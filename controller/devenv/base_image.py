"""Build the operator/agent image (the repository's Dockerfile) where no registry can be reached.

Two things a registry would normally provide are made locally:

- the base image: ``healing-base/python:3.11-bookworm``, a Debian bookworm ``debootstrap --variant=minbase`` with
  python3 + python3-venv (the Dockerfile's ``BASE_IMAGE``; on a normal machine ``python:3.11-slim-bookworm``),
  plus ca-certificates and journalctl (the agent reads unit logs with it). It is imported with ``docker import``
  and cached by a hash of its inputs, like the test images of ``controller.devenv.images`` (whose helpers it uses);
- the Python packages: ``pip`` inside ``docker build`` may not reach PyPI, so the wheels are built on the host
  (``pip wheel``, which reaches PyPI or a local wheelhouse) into ``dist/`` of the build context, pinned to the
  versions of this virtualenv (``pip freeze`` as constraints), and installed offline in the image from
  ``dist/deps/requirements.txt`` — a lock file with one ``name==version`` per wheel.

``python -m controller.devenv.base_image`` builds everything and prints the image; ``--wheels DIR`` only writes
the ``dist/`` layout, for ``docker build`` on a machine with a registry (see docs/deployment.md).
"""

from __future__ import annotations

import argparse
import hashlib
import inspect
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import docker
from docker.models.images import Image

from controller import __version__
from controller.devenv.images import (
    HASH_LABEL,
    NODE_SUITE,
    Progress,
    _cached_image,
    _digest,
    _run_streamed,
    cache_dir,
    debootstrap_rootfs,
    stderr_progress,
)

REPO_ROOT = Path(__file__).resolve().parents[2]
BASE_IMAGE = f"healing-base/python:3.11-{NODE_SUITE}"
IMAGE_REPOSITORY = "ghcr.io/insa/healing-operator"
IMAGE = f"{IMAGE_REPOSITORY}:{__version__}"
# python3-venv: the Dockerfile makes a virtualenv; systemd: only for journalctl (the agent reads unit logs with it).
BASE_PACKAGES = ("python3", "python3-venv", "ca-certificates", "systemd")
# What of the repository goes into the image's build context (the rest of the Dockerfile's inputs is dist/).
CONTEXT_FILES = ("Dockerfile", ".dockerignore", "pyproject.toml", "README.md")
PROJECT_DIST = "integrated_healing_operator"


# --- base image ---------------------------------------------------------------------------------------------


def base_image_digest() -> str:
    # This file and the shared debootstrap step are the recipe: a change to either rebuilds the base.
    recipe = [Path(__file__).read_bytes(), inspect.getsource(debootstrap_rootfs).encode()]
    return _digest([NODE_SUITE.encode(), *(p.encode() for p in BASE_PACKAGES), *recipe])


def _trim(root: Path) -> None:
    # What an image does not need: apt's downloaded lists and packages, documentation, locales.
    for junk in ("var/cache/apt", "var/lib/apt/lists", "usr/share/doc", "usr/share/man", "usr/share/info",
                 "usr/share/locale"):
        path = root / junk
        if path.is_dir():
            shutil.rmtree(path)
            path.mkdir(parents=True)


def build_base_rootfs_tarball(tarball: Path, progress: Progress = stderr_progress) -> None:
    """debootstrap a minimal bookworm with Python, trim caches and docs, and tar it to ``tarball``."""
    debootstrap_rootfs(tarball, BASE_PACKAGES, _trim, name="base", progress=progress)


def ensure_base_image(client: docker.DockerClient, progress: Progress = stderr_progress) -> Image:
    """Return ``healing-base/python:3.11-bookworm``; build the rootfs once, then re-use the image or the tarball."""
    digest = base_image_digest()
    if image := _cached_image(client, BASE_IMAGE, digest):
        return image
    tarball = cache_dir() / f"base-{NODE_SUITE}-{digest[:16]}.tar"
    if not tarball.is_file():
        build_base_rootfs_tarball(tarball, progress)
    progress(f"importing {tarball} as {BASE_IMAGE}")
    repository, tag = BASE_IMAGE.split(":")
    client.api.import_image_from_file(
        str(tarball), repository=repository, tag=tag,
        changes=[f"LABEL {HASH_LABEL}={digest}", "ENV LANG=C.UTF-8", 'CMD ["python3"]'],
    )
    image = client.images.get(BASE_IMAGE)
    if image.labels.get(HASH_LABEL) != digest:
        raise RuntimeError(f"imported {BASE_IMAGE} lacks label {HASH_LABEL}={digest}")
    return image


# --- wheels -------------------------------------------------------------------------------------------------


def _pip(*args: str) -> list[str]:
    return [sys.executable, "-m", "pip", "--disable-pip-version-check", *args]


def venv_constraints() -> str:
    """The exact versions of this virtualenv (what the tests ran with), as pip constraints."""
    frozen = subprocess.run(_pip("freeze", "--exclude-editable"), capture_output=True, text=True, check=True).stdout
    return "".join(line + "\n" for line in frozen.splitlines() if "==" in line and not line.startswith("-e"))


def _wheel_pin(wheel: Path) -> str:
    name, version = wheel.name.split("-")[:2]
    return f"{name.replace('_', '-').lower()}=={version}"


def build_wheels(dist: Path, progress: Progress = stderr_progress) -> Path:
    """Fill ``dist/`` for the Dockerfile: ``deps/*.whl`` + ``deps/requirements.txt`` (pinned runtime closure,
    cached by the constraints' hash) and the project's own wheel (rebuilt every time; it is small)."""
    constraints = venv_constraints()
    pyproject = (REPO_ROOT / "pyproject.toml").read_bytes()
    key = hashlib.sha256(constraints.encode() + pyproject).hexdigest()[:16]
    cached = cache_dir() / f"wheels-{key}"
    if not (cached / "requirements.txt").is_file():
        progress(f"pip wheel: runtime dependencies pinned to this virtualenv into {cached}")
        staging = Path(tempfile.mkdtemp(prefix="wheels-", dir=cache_dir()))
        try:
            (staging / "constraints.txt").write_text(constraints)
            _run_streamed(_pip("wheel", "--quiet", "--wheel-dir", str(staging), "--constraint",
                               str(staging / "constraints.txt"), str(REPO_ROOT)), progress, "pip wheel")
            for own in staging.glob(f"{PROJECT_DIST}-*.whl"):
                own.unlink()  # the project itself is built fresh below
            pins = sorted(_wheel_pin(w) for w in staging.glob("*.whl"))
            (staging / "requirements.txt").write_text(
                "# Runtime dependencies of the image, pinned (generated by controller/devenv/base_image.py)\n"
                + "".join(f"{pin}\n" for pin in pins)
            )
            (staging / "constraints.txt").unlink()
            shutil.rmtree(cached, ignore_errors=True)
            staging.rename(cached)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    if dist.exists():
        shutil.rmtree(dist)
    shutil.copytree(cached, dist / "deps")
    _run_streamed(_pip("wheel", "--quiet", "--no-deps", "--wheel-dir", str(dist), str(REPO_ROOT)), progress,
                  "pip wheel (project)")
    return dist


# --- the image ----------------------------------------------------------------------------------------------


def stage_context(context: Path, progress: Progress = stderr_progress) -> Path:
    """A build context with the Dockerfile, its ignore file and dist/; the checkout stays untouched."""
    context.mkdir(parents=True, exist_ok=True)
    for name in CONTEXT_FILES:
        if (REPO_ROOT / name).is_file():
            shutil.copy2(REPO_ROOT / name, context / name)
    build_wheels(context / "dist", progress)
    return context


IMAGE_TITLE = "Integrated Healing Operator"  # the Dockerfile's org.opencontainers.image.title


def build_image(
    client: docker.DockerClient, tag: str = IMAGE, progress: Progress = stderr_progress
) -> tuple[Image, float]:
    """Build the Dockerfile on the local base image; (image, seconds). Docker's layer cache keeps rebuilds short."""
    started = time.monotonic()
    base = ensure_base_image(client, progress)
    context = cache_dir() / "image-context"
    shutil.rmtree(context, ignore_errors=True)
    stage_context(context, progress)
    progress(f"docker build {tag} (BASE_IMAGE={BASE_IMAGE} {base.short_id})")
    image, logs = client.images.build(
        path=str(context), tag=tag, buildargs={"BASE_IMAGE": BASE_IMAGE}, rm=True, forcerm=True, pull=False
    )
    for entry in logs:
        if line := str(entry.get("stream", "")).rstrip():
            progress(f"build: {line}")
    # what this tag pointed at before is now dangling, and so is the build stage of an older base: drop them so
    # repeated builds don't fill the disk, but keep the current base's build stage (it is the layer cache)
    client.images.prune(filters={"dangling": True, "label": f"org.opencontainers.image.title={IMAGE_TITLE}"})
    current = base.labels.get(HASH_LABEL, "")
    client.images.prune(filters={"dangling": True, "label": HASH_LABEL, "label!": f"{HASH_LABEL}={current}"})
    return image, time.monotonic() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m controller.devenv.base_image", description=__doc__.split("\n")[0])
    parser.add_argument("--wheels", type=Path, help="only write the dist/ layout (wheels + lock) into this directory")
    parser.add_argument("--tag", default=IMAGE, help=f"image tag (default {IMAGE})")
    args = parser.parse_args(argv)
    if args.wheels:
        print(build_wheels(args.wheels))
        return 0
    from controller.devenv.docker_engine import ensure_docker

    image, seconds = build_image(ensure_docker(), args.tag)
    size = image.attrs.get("Size", 0) / 1e6
    stderr_progress(f"{args.tag} {image.short_id}: {size:.0f} MB, built in {seconds:.0f}s")
    print(args.tag)
    return 0


if __name__ == "__main__":
    sys.exit(main())
