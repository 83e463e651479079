"""Build and cache real `etcd`, `kube-apiserver` and `kubectl` from pinned Go module versions.

`k8s.io/kubernetes` is not meant to be consumed as a module: its go.mod pins every staging module
(`k8s.io/api`, `k8s.io/client-go`, ...) at v0.0.0 and replaces them with `./staging/...` paths,
which do not exist in the module zip. So we generate a small wrapper module that requires
`k8s.io/kubernetes` and `replace`s each of those staging modules with its published v0.X.Y
version. The list comes from k8s.io/kubernetes's own go.mod at the pinned tag (downloaded with
`go mod download -json`), so nothing here is hand-maintained when the version changes.
etcd gets its own wrapper module requiring `go.etcd.io/etcd/server/v3` (its `main` package).

Binaries are built into a temporary directory next to the cache and renamed into place, under a
file lock, so concurrent builders (pytest workers, `healing up`) build once and never see a half
written cache. `python -m controller.devenv.build` runs it from the command line (used by `make test`).
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from pathlib import Path

from pydantic import BaseModel
from rich.console import Console

K8S_VERSION = "v1.34.4"
ETCD_VERSION = "v3.6.4"

K8S_MODULE = "k8s.io/kubernetes"
K8S_PACKAGES = ("k8s.io/kubernetes/cmd/kube-apiserver", "k8s.io/kubernetes/cmd/kubectl")
ETCD_MODULE = "go.etcd.io/etcd/server/v3"
ETCD_PACKAGE = ETCD_MODULE  # server/main.go is etcd's entry point (a thin wrapper over etcdmain)

BINARY_NAMES = ("etcd", "kube-apiserver", "kubectl")

# The one-node cluster (`healing dev up --node`, tests/integration/test_node_cluster.py): the same Kubernetes version,
# built from the same wrapper module into a directory of its own, so the control-plane cache stays valid as it is.
# kube-proxy: the pods reach the API server through the `kubernetes` Service (KUBERNETES_SERVICE_HOST, a ClusterIP).
K8S_NODE_PACKAGES = (
    "k8s.io/kubernetes/cmd/kubelet",
    "k8s.io/kubernetes/cmd/kube-proxy",
    "k8s.io/kubernetes/cmd/kube-controller-manager",
    "k8s.io/kubernetes/cmd/kube-scheduler",
)
NODE_BINARY_NAMES = tuple(p.rsplit("/", 1)[1] for p in K8S_NODE_PACKAGES)
# The pod sandbox's process, compiled like build/pause/Makefile does (static, -Os) from the same kubernetes module.
PAUSE_SOURCE = "build/pause/linux/pause.c"
PAUSE_VERSION = "3.10.1"  # build/pause/Makefile's TAG at v1.34.4


class BuildError(RuntimeError):
    """A build step failed; the message carries the command and the tail of its output."""


class Binaries(BaseModel):
    """Paths of one complete, verified set of control-plane binaries."""

    etcd: Path
    kube_apiserver: Path
    kubectl: Path

    @classmethod
    def in_dir(cls, bin_dir: Path) -> Binaries:
        return cls(etcd=bin_dir / "etcd", kube_apiserver=bin_dir / "kube-apiserver", kubectl=bin_dir / "kubectl")

    def present(self) -> bool:
        return all(p.is_file() and os.access(p, os.X_OK) for p in (self.etcd, self.kube_apiserver, self.kubectl))


class NodeBinaries(BaseModel):
    """Paths of the verified node and controller binaries (kubelet, kube-proxy, controller-manager, scheduler)."""

    kubelet: Path
    kube_proxy: Path
    kube_controller_manager: Path
    kube_scheduler: Path
    pause: Path

    @classmethod
    def in_dir(cls, bin_dir: Path) -> NodeBinaries:
        return cls(**{name.replace("-", "_"): bin_dir / name for name in (*NODE_BINARY_NAMES, "pause")})

    @property
    def directory(self) -> Path:
        return self.kubelet.parent

    def present(self) -> bool:
        paths = (self.kubelet, self.kube_proxy, self.kube_controller_manager, self.kube_scheduler, self.pause)
        return all(p.is_file() and os.access(p, os.X_OK) for p in paths)


def cache_root() -> Path:
    """Everything the dev environment caches: $HEALING_CACHE_DIR, else ~/.cache/healing."""
    env = os.environ.get("HEALING_CACHE_DIR")
    return Path(env).expanduser() if env else Path.home() / ".cache" / "healing"


def toolchain_dir() -> Path:
    return cache_root() / "controlplane" / f"k8s-{K8S_VERSION}-etcd-{ETCD_VERSION}"


def cached_binaries() -> Binaries | None:
    binaries = Binaries.in_dir(toolchain_dir() / "bin")
    return binaries if binaries.present() else None


def cached_node_binaries() -> NodeBinaries | None:
    binaries = NodeBinaries.in_dir(toolchain_dir() / "node-bin")
    return binaries if binaries.present() else None


def staging_version(k8s_version: str = K8S_VERSION) -> str:
    """Staging modules are published as v0.<minor>.<patch> for Kubernetes v1.<minor>.<patch>."""
    major, rest = k8s_version.lstrip("v").split(".", 1)
    if major != "1":
        raise ValueError(f"unexpected Kubernetes version {k8s_version}")
    return f"v0.{rest}"


def k8s_ldflags(k8s_version: str = K8S_VERSION) -> str:
    """Strip symbols and stamp the version like hack/lib/version.sh does, so `--version` tells the truth."""
    major, minor = k8s_version.lstrip("v").split(".")[:2]
    stamps = {"gitVersion": k8s_version, "gitMajor": major, "gitMinor": minor, "gitTreeState": "clean"}
    flags = ["-s", "-w"]
    for package in ("k8s.io/component-base/version", "k8s.io/client-go/pkg/version"):
        flags += [f"-X {package}.{key}={value}" for key, value in stamps.items()]
    return " ".join(flags)


# --- progress reporting -------------------------------------------------------------------------


class _Reporter:
    """Step lines with elapsed time; a live status line on a terminal, a heartbeat line otherwise (CI)."""

    HEARTBEAT = 30.0

    def __init__(self, enabled: bool, log_path: Path) -> None:
        self.enabled = enabled
        self.console = Console(stderr=True, soft_wrap=True)
        self.log_path = log_path
        self.started = time.monotonic()
        self._status = None
        self._last_beat = 0.0
        self._step_started = self.started
        self._step = ""

    def note(self, message: str) -> None:
        if self.enabled:
            self.console.print(message)

    @contextlib.contextmanager
    def step(self, index: int, total: int, title: str) -> Iterator[None]:
        self._step = f"[{index}/{total}] {title}"
        self._step_started = time.monotonic()
        self._last_beat = self._step_started
        status = None
        if self.enabled and self.console.is_terminal:
            status = self.console.status(f"{self._step} ...")
            status.start()
        self._status = status
        try:
            yield
        except BaseException:
            if status:
                status.stop()
            self.note(f"[red]✗[/red] {self._step} failed after {self._elapsed()}  (log: {self.log_path})")
            raise
        if status:
            status.stop()
        self._status = None
        self.note(f"[green]✓[/green] {self._step}  [dim]{self._elapsed()}[/dim]")

    def _elapsed(self) -> str:
        seconds = int(time.monotonic() - self._step_started)
        return f"{seconds // 60}m{seconds % 60:02d}s" if seconds >= 60 else f"{seconds}s"

    def update(self, detail: str) -> None:
        if not self.enabled:
            return
        text = f"{self._step} [dim]{self._elapsed()}[/dim]  {detail}"
        if self._status is not None:
            self._status.update(text)
        elif time.monotonic() - self._last_beat >= self.HEARTBEAT:
            self._last_beat = time.monotonic()
            self.console.print(f"  … {text}", highlight=False)


# --- running go -----------------------------------------------------------------------------------


def _go_env() -> dict[str, str]:
    env = dict(os.environ)
    env["GOWORK"] = "off"  # a go.work of the caller must not leak into the wrapper modules
    return env


def _run_go(
    args: list[str],
    cwd: Path,
    reporter: _Reporter,
    log: Path,
    *,
    count_label: str | None = None,
    total: int | None = None,
) -> str:
    """Run `go ARGS` streaming its output to the log; report progress; raise BuildError on failure."""
    go = shutil.which("go")
    if go is None:
        raise BuildError(
            "the Go toolchain is needed to build the local control plane once: install Go >= 1.24 "
            "(https://go.dev/dl/) and make sure `go` is on PATH"
        )
    cmd = [go, *args]
    tail: deque[str] = deque(maxlen=40)
    lines: list[str] = []
    counter = 0
    with log.open("a") as log_file:
        log_file.write(f"\n$ (cd {cwd} && {' '.join(cmd)})\n")
        log_file.flush()
        # Own process group, so an interrupted build also stops go's compile/link children.
        proc = subprocess.Popen(
            cmd,
            cwd=cwd,
            env=_go_env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        assert proc.stdout is not None
        # Heartbeat even while go prints nothing (linking kube-apiserver takes a while).
        stop = threading.Event()
        last = [""]

        def beat() -> None:
            while not stop.wait(1.0):
                count = f"{counter}/{total}" if total else str(counter)
                label = f"{count} {count_label}, last: {last[0]}" if count_label else last[0]
                reporter.update(label)

        ticker = threading.Thread(target=beat, daemon=True)
        ticker.start()
        try:
            for raw in proc.stdout:
                line = raw.rstrip("\n")
                log_file.write(raw)
                tail.append(line)
                lines.append(line)
                counter += 1
                last[0] = line[-80:]
            rc = proc.wait()
        except BaseException:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            raise
        finally:
            stop.set()
            ticker.join()
    if rc != 0:
        shown = "\n".join(tail)
        raise BuildError(f"`go {' '.join(args)}` failed with exit code {rc} in {cwd}:\n{shown}\n(full log: {log})")
    return "\n".join(lines)


def _module_info(module: str, version: str, cwd: Path, reporter: _Reporter, log: Path) -> dict[str, str]:
    """`go mod download -json module@version`: where its go.mod (GoMod) and its source tree (Dir) are."""
    out = _run_go(["mod", "download", "-json", f"{module}@{version}"], cwd, reporter, log)
    info = json.loads(out[out.index("{") :])
    if info.get("Error"):
        raise BuildError(f"go mod download {module}@{version}: {info['Error']}")
    return info


def _module_gomod(module: str, version: str, cwd: Path, reporter: _Reporter, log: Path) -> str:
    """The go.mod of `module@version`, fetched through the module proxy (or the local module cache)."""
    return Path(_module_info(module, version, cwd, reporter, log)["GoMod"]).read_text()


_REPLACE_LOCAL = re.compile(r"^\s*(?:replace\s+)?(\S+)\s+=>\s+\./staging/\S+\s*$", re.MULTILINE)
_GO_DIRECTIVE = re.compile(r"^go\s+(\S+)\s*$", re.MULTILINE)


def staging_modules(kubernetes_gomod: str) -> list[str]:
    """Module paths k8s.io/kubernetes replaces with its ./staging tree (those need published versions)."""
    modules = sorted(set(_REPLACE_LOCAL.findall(kubernetes_gomod)))
    if not modules:
        raise BuildError("found no ./staging replace directives in k8s.io/kubernetes's go.mod")
    return modules


def wrapper_gomod(module_name: str, requires: dict[str, str], replaces: dict[str, str], go_version: str) -> str:
    lines = [f"module {module_name}", "", f"go {go_version}", "", "require ("]
    lines += [f"\t{path} {version}" for path, version in requires.items()]
    lines.append(")")
    if replaces:
        lines += ["", "replace ("]
        lines += [f"\t{path} => {path} {version}" for path, version in replaces.items()]
        lines.append(")")
    return "\n".join(lines) + "\n"


def tools_go(packages: tuple[str, ...] | list[str]) -> str:
    # The `tools` build tag keeps this file out of every build; `go mod tidy` still sees the imports.
    imports = "\n".join(f'\t_ "{p}"' for p in packages)
    return f"//go:build tools\n\npackage tools\n\nimport (\n{imports}\n)\n"


def _go_directive(gomod: str, default: str = "1.24.0") -> str:
    match = _GO_DIRECTIVE.search(gomod)
    return match.group(1) if match else default


def _prepare_k8s_module(
    src: Path, reporter: _Reporter, log: Path, packages: tuple[str, ...] = K8S_PACKAGES, name: str = "controlplane"
) -> None:
    src.parent.mkdir(parents=True, exist_ok=True)
    gomod = _module_gomod(K8S_MODULE, K8S_VERSION, src.parent, reporter, log)
    published = staging_version(K8S_VERSION)
    replaces = {module: published for module in staging_modules(gomod)}
    reporter.note(f"  [dim]{len(replaces)} staging modules replaced with {published}[/dim]")
    src.mkdir(parents=True, exist_ok=True)
    for stale in ("go.mod", "go.sum"):
        (src / stale).unlink(missing_ok=True)
    (src / "go.mod").write_text(
        wrapper_gomod(f"healing.local/{name}", {K8S_MODULE: K8S_VERSION}, replaces, _go_directive(gomod))
    )
    (src / "tools.go").write_text(tools_go(packages))


def _prepare_etcd_module(src: Path, reporter: _Reporter, log: Path) -> None:
    src.parent.mkdir(parents=True, exist_ok=True)
    gomod = _module_gomod(ETCD_MODULE, ETCD_VERSION, src.parent, reporter, log)
    src.mkdir(parents=True, exist_ok=True)
    for stale in ("go.mod", "go.sum"):
        (src / stale).unlink(missing_ok=True)
    (src / "go.mod").write_text(
        wrapper_gomod("healing.local/etcd", {ETCD_MODULE: ETCD_VERSION}, {}, _go_directive(gomod))
    )
    (src / "tools.go").write_text(tools_go([ETCD_PACKAGE]))


def _package_count(packages: tuple[str, ...] | list[str], cwd: Path, reporter: _Reporter, log: Path) -> int:
    """How many packages (standard library included) the build needs: the denominator for progress."""
    with contextlib.suppress(BuildError):
        return len(_run_go(["list", "-deps", *packages], cwd, reporter, log).split())
    return 0


def _version_output(binary: Path, *args: str) -> str:
    result = subprocess.run([str(binary), *args], capture_output=True, text=True, timeout=60)
    if result.returncode != 0:
        raise BuildError(f"{binary} {' '.join(args)} failed: {result.stderr.strip()[-2000:]}")
    return result.stdout + result.stderr


def verify_binaries(binaries: Binaries) -> None:
    """The binaries run, report the pinned versions, and kubectl's embedded kustomize works."""
    checks = [
        (binaries.etcd, ("--version",), f"etcd Version: {ETCD_VERSION.lstrip('v')}"),
        (binaries.kube_apiserver, ("--version",), f"Kubernetes {K8S_VERSION}"),
        (binaries.kubectl, ("version", "--client"), f"Client Version: {K8S_VERSION}"),
        (binaries.kubectl, ("version", "--client"), "Kustomize Version: v5"),
    ]
    for binary, args, expected in checks:
        output = _version_output(binary, *args)
        if expected not in output:
            raise BuildError(f"{binary.name} {' '.join(args)}: expected {expected!r} in output:\n{output}")
    with tempfile.TemporaryDirectory(prefix="healing-kustomize-") as tmp:
        base = Path(tmp)
        (base / "cm.yaml").write_text("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: probe\ndata:\n  a: b\n")
        (base / "kustomization.yaml").write_text("resources:\n- cm.yaml\nnamePrefix: healing-\n")
        rendered = _version_output(binaries.kubectl, "kustomize", str(base))
        if "name: healing-probe" not in rendered:
            raise BuildError(f"kubectl kustomize did not apply namePrefix:\n{rendered}")


def build_binaries(dest: Path, reporter: _Reporter) -> Binaries:
    """Build all three binaries into `dest` (a fresh directory) and verify them."""
    root = dest.parent
    log = reporter.log_path
    k8s_src, etcd_src = root / "src" / "k8s", root / "src" / "etcd"
    total = 6
    with reporter.step(1, total, f"resolve {K8S_MODULE}@{K8S_VERSION} and write the wrapper module"):
        _prepare_k8s_module(k8s_src, reporter, log)
    with reporter.step(2, total, "go mod tidy (kubernetes; downloads modules on the first run)"):
        _run_go(["mod", "tidy"], k8s_src, reporter, log, count_label="lines")
    with reporter.step(3, total, f"go build kube-apiserver + kubectl {K8S_VERSION} (the long one)"):
        _run_go(
            ["build", "-v", "-trimpath", "-ldflags", k8s_ldflags(), "-o", f"{dest}/", *K8S_PACKAGES],
            k8s_src,
            reporter,
            log,
            count_label="packages compiled",
            total=_package_count(K8S_PACKAGES, k8s_src, reporter, log),
        )
    with reporter.step(4, total, f"resolve {ETCD_MODULE}@{ETCD_VERSION} and go mod tidy"):
        _prepare_etcd_module(etcd_src, reporter, log)
        _run_go(["mod", "tidy"], etcd_src, reporter, log, count_label="lines")
    with reporter.step(5, total, f"go build etcd {ETCD_VERSION}"):
        _run_go(
            ["build", "-v", "-trimpath", "-ldflags", "-s -w", "-o", str(dest / "etcd"), ETCD_PACKAGE],
            etcd_src,
            reporter,
            log,
            count_label="packages compiled",
            total=_package_count([ETCD_PACKAGE], etcd_src, reporter, log),
        )
    binaries = Binaries.in_dir(dest)
    with reporter.step(6, total, "verify versions and kubectl's embedded kustomize"):
        verify_binaries(binaries)
    return binaries


def verify_node_binaries(binaries: NodeBinaries) -> None:
    """Each binary runs and reports the pinned Kubernetes version (pause: its own version)."""
    for binary in (binaries.kubelet, binaries.kube_proxy, binaries.kube_controller_manager, binaries.kube_scheduler):
        output = _version_output(binary, "--version")
        if f"Kubernetes {K8S_VERSION}" not in output:
            raise BuildError(f"{binary.name} --version: expected 'Kubernetes {K8S_VERSION}' in output:\n{output}")
    output = _version_output(binaries.pause, "-v")
    if f"v{PAUSE_VERSION}" not in output:
        raise BuildError(f"pause -v: expected v{PAUSE_VERSION} in output:\n{output}")


def build_node_binaries(dest: Path, reporter: _Reporter) -> NodeBinaries:
    """Build kubelet, kube-proxy, kube-controller-manager and kube-scheduler into `dest` and verify them."""
    log = reporter.log_path
    src = dest.parent / "src" / "k8s-node"
    total = 5
    with reporter.step(1, total, f"resolve {K8S_MODULE}@{K8S_VERSION} and write the node wrapper module"):
        _prepare_k8s_module(src, reporter, log, K8S_NODE_PACKAGES, "node")
    with reporter.step(2, total, "go mod tidy (node binaries)"):
        _run_go(["mod", "tidy"], src, reporter, log, count_label="lines")
    with reporter.step(3, total, f"go build {', '.join(NODE_BINARY_NAMES)} {K8S_VERSION}"):
        _run_go(
            ["build", "-v", "-trimpath", "-ldflags", k8s_ldflags(), "-o", f"{dest}/", *K8S_NODE_PACKAGES],
            src,
            reporter,
            log,
            count_label="packages compiled",
            total=_package_count(K8S_NODE_PACKAGES, src, reporter, log),
        )
    with reporter.step(4, total, f"gcc -static pause {PAUSE_VERSION} ({PAUSE_SOURCE} of {K8S_MODULE}@{K8S_VERSION})"):
        source = Path(_module_info(K8S_MODULE, K8S_VERSION, src, reporter, log)["Dir"]) / PAUSE_SOURCE
        _compile_pause(source, dest / "pause", log)
    binaries = NodeBinaries.in_dir(dest)
    with reporter.step(5, total, "verify versions"):
        verify_node_binaries(binaries)
    return binaries


def _compile_pause(source: Path, output: Path, log: Path) -> None:
    gcc = shutil.which("gcc")
    if gcc is None:
        raise BuildError("gcc is needed to compile the pod sandbox's pause binary: run .ci/install-system-deps.sh")
    cmd = [gcc, "-Os", "-Wall", "-Werror", "-static", f"-DVERSION=v{PAUSE_VERSION}-healing", "-o", str(output),
           str(source)]
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    with log.open("a") as handle:
        handle.write(f"\n$ {' '.join(cmd)}\n{result.stdout}{result.stderr}")
    if result.returncode != 0:
        raise BuildError(f"{' '.join(cmd)} failed: {result.stderr.strip()[-2000:]}")


@contextlib.contextmanager
def _build_lock(path: Path, reporter: _Reporter) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            owner = handle.read().strip() or "?"
            reporter.note(f"another process (pid {owner}) is building the control plane; waiting for it ...")
            fcntl.flock(handle, fcntl.LOCK_EX)
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _build_into_cache(
    name: str, title: str, build: Callable[[Path, _Reporter], object], progress: bool, log_name: str
) -> Path:
    """Build into a fresh temporary directory next to the cache and rename it to `name` (under the build lock)."""
    root = toolchain_dir()
    root.mkdir(parents=True, exist_ok=True)
    reporter = _Reporter(progress, root / log_name)
    reporter.note(f"Building {title} into {root / name} — once per machine (log: {reporter.log_path})")
    reporter.log_path.write_text("")
    tmp = Path(tempfile.mkdtemp(prefix=f".{name}-", dir=root))
    try:
        build(tmp, reporter)
        tmp.chmod(0o755)  # mkdtemp makes it private; the binaries are meant to be shared
        final = root / name
        if final.exists():  # only with --force: keep the swap short
            old = root / f".{name}-old-{os.getpid()}"
            final.rename(old)
            shutil.rmtree(old, ignore_errors=True)
        tmp.rename(final)  # atomic: readers see no bin dir or a complete one
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    total = int(time.monotonic() - reporter.started)
    reporter.note(f"[bold green]{title} ready[/bold green] in {total // 60}m{total % 60:02d}s")
    return root / name


def ensure_binaries(progress: bool = True, *, force: bool = False) -> Binaries:
    """Return the cached binaries, building them first (a one-off ~15-25 min on 2 cores) if missing."""
    if not force and (cached := cached_binaries()) is not None:
        return cached
    root = toolchain_dir()
    with _build_lock(root / ".build.lock", _Reporter(progress, root / "build.log")):
        if not force and (cached := cached_binaries()) is not None:
            return cached  # another process finished the build while we waited for the lock
        title = (f"the local control plane: Kubernetes {K8S_VERSION} (kube-apiserver, kubectl) and "
                 f"etcd {ETCD_VERSION}")
        return Binaries.in_dir(_build_into_cache("bin", title, build_binaries, progress, "build.log"))


def ensure_node_binaries(progress: bool = True, *, force: bool = False) -> NodeBinaries:
    """Return the cached kubelet, kube-proxy, kube-controller-manager and kube-scheduler, building them if missing.

    Same version and wrapper-module recipe as the control plane; with the control plane's Go build cache warm
    only the packages these four add are compiled.
    """
    if not force and (cached := cached_node_binaries()) is not None:
        return cached
    root = toolchain_dir()
    with _build_lock(root / ".build.lock", _Reporter(progress, root / "build-node.log")):
        if not force and (cached := cached_node_binaries()) is not None:
            return cached
        title = f"the node binaries: Kubernetes {K8S_VERSION} ({', '.join(NODE_BINARY_NAMES)})"
        return NodeBinaries.in_dir(
            _build_into_cache("node-bin", title, build_node_binaries, progress, "build-node.log")
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m controller.devenv.build",
        description=f"Build and cache etcd {ETCD_VERSION}, kube-apiserver and kubectl {K8S_VERSION} (and with --node "
        "the node binaries).",
    )
    parser.add_argument("--force", action="store_true", help="rebuild even if the cache is complete")
    parser.add_argument("--quiet", action="store_true", help="no progress output")
    parser.add_argument("--print-dir", action="store_true", help="print the bin directory and exit")
    parser.add_argument(
        "--node", action="store_true",
        help=f"also build the one-node cluster's {', '.join(NODE_BINARY_NAMES)} (into node-bin/ beside bin/)",
    )
    args = parser.parse_args(argv)
    if args.print_dir:
        print(toolchain_dir() / "bin")
        return 0
    try:
        binaries = ensure_binaries(progress=not args.quiet, force=args.force)
        if args.node:
            node = ensure_node_binaries(progress=not args.quiet, force=args.force)
    except BuildError as exc:
        Console(stderr=True).print(f"[red]build failed:[/red] {exc}", highlight=False)
        return 1
    print(binaries.etcd.parent)
    if args.node:
        print(node.directory)
    return 0


if __name__ == "__main__":
    sys.exit(main())
