"""Build the small local images the tests need (no registry can be reached here), cached by content hash.

- ``healing-test/busybox``: ``FROM scratch`` + Debian's static busybox, for crashing, OOM, unhealthy and
  log-emitting containers.
- ``healing-test/node``: a Debian bookworm ``debootstrap --variant=minbase`` rootfs with systemd as PID 1,
  imported with ``docker import``; the rootfs tarball is kept under ``~/.cache/healing`` so a wiped Docker
  engine re-imports it in seconds instead of re-running debootstrap.

Every image carries a label with the hash of its inputs; an image whose label does not match is rebuilt.
Run ``python -m controller.devenv.images`` to build both ahead of a test run and see the progress.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import io
import logging
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

import docker
from docker.models.images import Image

from controller.constants import GROUP

log = logging.getLogger(__name__)

HASH_LABEL = f"{GROUP}/content-hash"
IMAGES_DIR = Path(__file__).with_name("images")
BUSYBOX_IMAGE = "healing-test/busybox:latest"
NODE_IMAGE = "healing-test/node:latest"
KUBE_NODE_IMAGE = "healing-test/kube-node:latest"
NODE_SUITE = "bookworm"
BUSYBOX_BINARY = Path("/bin/busybox")  # from Debian's busybox-static: must not need a libc in the image

Progress = Callable[[str], None]


def cache_dir() -> Path:
    """Where built artefacts survive between runs (HEALING_CACHE_DIR overrides ~/.cache/healing)."""
    path = Path(os.environ.get("HEALING_CACHE_DIR", Path.home() / ".cache" / "healing"))
    path.mkdir(parents=True, exist_ok=True)
    return path


@contextlib.contextmanager
def cache_lock(name: str) -> Iterator[None]:
    """Serialize a build across processes (two pytest sessions must not debootstrap or start dockerd twice)."""
    with (cache_dir() / f"{name}.lock").open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def stderr_progress(line: str) -> None:
    print(f"[images] {line}", file=sys.stderr, flush=True)


def _digest(parts: Iterable[bytes]) -> str:
    sha = hashlib.sha256()
    for part in parts:
        sha.update(hashlib.sha256(part).digest())
    return sha.hexdigest()


def _dir_parts(directory: Path) -> list[bytes]:
    """Name and content of every file in a directory, in a stable order, for hashing."""
    parts: list[bytes] = []
    for path in sorted(p for p in directory.rglob("*") if p.is_file()):
        parts += [str(path.relative_to(directory)).encode(), path.read_bytes()]
    return parts


def _cached_image(client: docker.DockerClient, ref: str, digest: str) -> Image | None:
    try:
        image = client.images.get(ref)
    except docker.errors.ImageNotFound:
        return None
    return image if image.labels.get(HASH_LABEL) == digest else None


# --- busybox -------------------------------------------------------------------------------------------


def ensure_busybox_image(client: docker.DockerClient, progress: Progress = stderr_progress) -> Image:
    """Return ``healing-test/busybox``, building it from the host's static busybox when missing or stale."""
    if not BUSYBOX_BINARY.is_file():
        raise RuntimeError(f"{BUSYBOX_BINARY} is missing: install Debian's busybox-static (.ci/install-system-deps.sh)")
    dockerfile = (IMAGES_DIR / "busybox" / "Dockerfile").read_bytes()
    binary = BUSYBOX_BINARY.read_bytes()
    digest = _digest([dockerfile, binary])
    if image := _cached_image(client, BUSYBOX_IMAGE, digest):
        return image

    progress(f"building {BUSYBOX_IMAGE} ({digest[:12]})")
    context = io.BytesIO()
    with tarfile.open(fileobj=context, mode="w") as tar:
        for name, data, mode in (("Dockerfile", dockerfile, 0o644), ("busybox", binary, 0o755)):
            info = tarfile.TarInfo(name)
            info.size, info.mode = len(data), mode
            tar.addfile(info, io.BytesIO(data))
    context.seek(0)
    image, _ = client.images.build(
        fileobj=context, custom_context=True, tag=BUSYBOX_IMAGE, labels={HASH_LABEL: digest}, rm=True
    )
    return image


# --- systemd node --------------------------------------------------------------------------------------


def apt_mirror() -> str:
    """The Debian mirror apt uses on this machine (the only one reachable); HEALING_DEBIAN_MIRROR overrides."""
    if override := os.environ.get("HEALING_DEBIAN_MIRROR"):
        return override
    sources = [Path("/etc/apt/sources.list"), *sorted(Path("/etc/apt/sources.list.d").glob("*"))]
    for source in sources:
        if not source.is_file() or source.suffix not in ("", ".list", ".sources"):
            continue
        text = source.read_text(errors="replace")
        # deb822 stanzas: "URIs: ..." with "Suites: bookworm ..." in the same stanza.
        for stanza in re.split(r"\n\s*\n", text):
            uris = re.search(r"^URIs:\s*(\S+)", stanza, re.M)
            suites = re.search(r"^Suites:\s*(.+)$", stanza, re.M)
            if uris and suites and NODE_SUITE in suites.group(1).split():
                return uris.group(1)
        # one-line format: "deb [opts] URI bookworm main"
        for match in re.finditer(r"^deb\s+(?:\[[^\]]*\]\s+)?(\S+)\s+(\S+)", text, re.M):
            if match.group(2) == NODE_SUITE:
                return match.group(1)
    raise RuntimeError(f"no apt source for {NODE_SUITE} found; set HEALING_DEBIAN_MIRROR")


def node_image_digest() -> str:
    return _digest([NODE_SUITE.encode(), *_dir_parts(IMAGES_DIR / "node")])


def kube_node_image_digest() -> str:
    return _digest([NODE_SUITE.encode(), *_dir_parts(IMAGES_DIR / "node"), *_dir_parts(IMAGES_DIR / "kube-node")])


def _node_packages(kind: str = "node") -> list[str]:
    lines = (IMAGES_DIR / kind / "packages.txt").read_text().splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def _run_streamed(cmd: list[str], progress: Progress, label: str) -> None:
    """Run a command, forwarding its output line by line so a long build shows where it is."""
    started = time.monotonic()
    with subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True) as proc:
        assert proc.stdout is not None
        tail: list[str] = []
        for line in proc.stdout:
            line = line.rstrip()
            tail = [*tail[-30:], line]
            progress(f"{label}: {line}")
    if proc.returncode != 0:
        raise RuntimeError(f"{label} failed (rc={proc.returncode}):\n" + "\n".join(tail))
    progress(f"{label}: done in {time.monotonic() - started:.0f}s")


def debootstrap_rootfs(
    tarball: Path,
    packages: Sequence[str],
    customize: Callable[[Path], None],
    *,
    name: str,
    progress: Progress = stderr_progress,
    xattrs: bool = False,
) -> None:
    """debootstrap a minbase NODE_SUITE with ``packages``, let ``customize(root)`` adapt it, tar it to ``tarball``.

    The rootfs for ``docker import`` of the node image and of the operator's base image. ``xattrs`` keeps file
    capabilities in the tarball. The tarball appears atomically, so a crash never leaves one that looks finished.
    """
    for tool in ("debootstrap", "tar"):
        if not shutil.which(tool):
            raise RuntimeError(f"{tool} not found: run .ci/install-system-deps.sh")
    debs = cache_dir() / "debootstrap-debs"  # shared by all rootfs builds: a rebuild downloads little
    debs.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=f"{name}-rootfs-", dir=cache_dir()) as tmp:
        root = Path(tmp) / "rootfs"
        mirror = apt_mirror()
        progress(f"debootstrap {NODE_SUITE} for {name} + {', '.join(packages)} from {mirror} "
                 "(first build only; takes a few minutes)")
        _run_streamed(
            ["debootstrap", "--variant=minbase", f"--include={','.join(packages)}", f"--cache-dir={debs}",
             NODE_SUITE, str(root), mirror],
            progress,
            "debootstrap",
        )
        customize(root)
        partial = tarball.with_suffix(".partial")
        _run_streamed(
            ["tar", "--numeric-owner", *(["--xattrs"] if xattrs else []), "-C", str(root), "-cf", str(partial), "."],
            progress,
            "tar",
        )
        partial.rename(tarball)


def build_node_rootfs_tarball(tarball: Path, progress: Progress = stderr_progress, kind: str = "node") -> None:
    """debootstrap a minbase bookworm with systemd, customize it for a container, and tar it to ``tarball``.

    ``kind="kube-node"`` adds containerd, runc, the CNI plugins and Docker (images/kube-node/) for the one-node
    cluster.
    """
    packages = _node_packages("node") + (_node_packages(kind) if kind != "node" else [])

    def customize(root: Path) -> None:
        _run_streamed(["sh", str(IMAGES_DIR / kind / "customize.sh"), str(root)], progress, "customize")

    debootstrap_rootfs(tarball, packages, customize, name=kind, progress=progress, xattrs=True)


def ensure_node_image(client: docker.DockerClient, progress: Progress = stderr_progress) -> Image:
    """Return ``healing-test/node``; build the rootfs once, then re-use the image or the cached tarball."""
    return _ensure_rootfs_image(client, "node", NODE_IMAGE, node_image_digest(), "/sbin/init", progress)


def ensure_kube_node_image(client: docker.DockerClient, progress: Progress = stderr_progress) -> Image:
    """Return ``healing-test/kube-node`` (the systemd node plus containerd, runc, CNI plugins and Docker)."""
    return _ensure_rootfs_image(
        client, "kube-node", KUBE_NODE_IMAGE, kube_node_image_digest(), "/usr/local/sbin/healing-node-init", progress
    )


def _ensure_rootfs_image(
    client: docker.DockerClient, kind: str, ref: str, digest: str, init: str, progress: Progress
) -> Image:
    if image := _cached_image(client, ref, digest):
        return image
    with cache_lock(f"{kind}-image"):
        # another process may have built it while we waited for the lock
        return _cached_image(client, ref, digest) or _build_rootfs_image(client, kind, ref, digest, init, progress)


def _build_rootfs_image(
    client: docker.DockerClient, kind: str, ref: str, digest: str, init: str, progress: Progress
) -> Image:
    tarball = cache_dir() / f"{kind}-{NODE_SUITE}-{digest[:16]}.tar"
    if not tarball.is_file():
        build_node_rootfs_tarball(tarball, progress, kind)
    progress(f"importing {tarball} as {ref}")
    changes = [
        f'CMD ["{init}"]',
        "ENV container=docker",
        f"LABEL {HASH_LABEL}={digest}",
    ]
    repository, tag = ref.split(":")
    client.api.import_image_from_file(str(tarball), repository=repository, tag=tag, changes=changes)
    image = client.images.get(ref)
    if image.labels.get(HASH_LABEL) != digest:
        raise RuntimeError(f"imported {ref} lacks label {HASH_LABEL}={digest}")
    return image


def main(argv: list[str] | None = None) -> None:
    """Build the test images now (e.g. in CI before pytest), printing progress and timings."""
    import argparse

    from controller.devenv.docker_engine import ensure_docker

    parser = argparse.ArgumentParser(prog="python -m controller.devenv.images", description=main.__doc__)
    parser.add_argument("--kube-node", action="store_true", help=f"also {KUBE_NODE_IMAGE} (the one-node cluster)")
    args = parser.parse_args(argv)
    client = ensure_docker()
    builds: list[tuple[str, Callable[[docker.DockerClient], Image]]] = [
        ("busybox", ensure_busybox_image), ("node", ensure_node_image)
    ]
    if args.kube_node:
        builds.append(("kube-node", ensure_kube_node_image))
    for name, ensure in builds:
        started = time.monotonic()
        image = ensure(client)
        stderr_progress(f"{name}: {image.tags} {image.short_id} ready in {time.monotonic() - started:.1f}s")


if __name__ == "__main__":
    main()
