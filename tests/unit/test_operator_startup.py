"""`healing operator` fails closed: a missing dependency stops it at start-up with what to install."""

from __future__ import annotations

import os
import ssl
import subprocess
import sys
from pathlib import Path

import aiohttp
import pytest
from aiohttp import web

from controller.dependencies import REQUIRED, missing_dependencies
from controller.devenv.certs import CertificateAuthority
from controller.operator.main import TLS_READ_BUFFER, _small_tls_read_buffers

# Makes `import github` fail as it does when PyGithub is not installed (or its install is broken).
NO_GITHUB = """
import sys


class _NoGithub:
    def find_spec(self, name, path=None, target=None):
        if name == "github" or name.startswith("github."):
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None


sys.meta_path.insert(0, _NoGithub())
"""


def test_every_required_package_is_importable_here() -> None:
    assert missing_dependencies("operator") == {} and missing_dependencies("agent") == {}
    assert set(REQUIRED["operator"]) >= {"kopf", "kubernetes", "aiohttp", "github", "hyperscan", "prometheus_client"}
    assert set(REQUIRED["agent"]) >= {"docker", "dbus_fast", "hyperscan", "psutil"}


def test_without_pygithub_the_operator_exits_at_once_naming_the_package_and_how_to_install_it(tmp_path: Path) -> None:
    (tmp_path / "sitecustomize.py").write_text(NO_GITHUB)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(tmp_path), os.environ.get("PYTHONPATH")]))}
    env["KUBECONFIG"] = str(tmp_path / "absent-kubeconfig")  # never reached: nothing may try to connect
    proc = subprocess.run(
        [sys.executable, "-m", "controller", "operator", "--metrics-port", "0", "--liveness-port", "0"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 1, proc.stderr
    assert "healing operator cannot start, missing: PyGithub (find github: No module named 'github')" in proc.stderr
    assert "pip install 'PyGithub" in proc.stderr  # with the version range pyproject.toml asks for
    assert "Traceback" not in proc.stderr


def test_pygithub_is_checked_at_start_but_imported_only_for_a_github_escalation() -> None:
    """18 MB of the operator's memory that a cluster escalating only to Events never needs."""
    code = ("import sys\nfrom controller.dependencies import require_dependencies\nrequire_dependencies('operator')\n"
            "import controller.operator.handlers, controller.operator.main\n"
            "assert 'github' not in sys.modules, sorted(m for m in sys.modules if m.startswith('github'))[:5]\n"
            "from controller.operator.metacognition import escalate\n"
            "assert 'github' not in sys.modules\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr


NO_HYPERSCAN = NO_GITHUB.replace('"github"', '"hyperscan"').replace('"github."', '"hyperscan."')


def test_without_hyperscan_the_agent_exits_at_once_naming_the_package(tmp_path: Path) -> None:
    """The pattern library and the redaction of everything the agent sends need Hyperscan: no agent without it."""
    (tmp_path / "sitecustomize.py").write_text(NO_HYPERSCAN)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(tmp_path), os.environ.get("PYTHONPATH")]))}
    env["KUBECONFIG"] = str(tmp_path / "absent-kubeconfig")
    proc = subprocess.run(
        [sys.executable, "-m", "controller", "agent", "--node", "n1", "--state-dir", str(tmp_path / "state"),
         "--metrics-port", "0"],
        env=env, capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 1, proc.stderr
    assert "healing agent cannot start, missing: hyperscan (import hyperscan: No module named 'hyperscan')" in (
        proc.stderr), proc.stderr
    assert "Traceback" not in proc.stderr


def test_tls_read_buffers_are_64_kib_and_a_response_larger_than_one_still_arrives_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The operator shrinks asyncio's per-connection TLS read buffer (256 KiB) to 64 KiB before it connects: a real
    TLS round trip through aiohttp (the operator's client) with a 1 MiB body, read in many buffer-sized pieces."""
    import asyncio.sslproto

    monkeypatch.setattr(asyncio.sslproto.SSLProtocol, "max_size", asyncio.sslproto.SSLProtocol.max_size)
    _small_tls_read_buffers()
    assert asyncio.sslproto.SSLProtocol.max_size == TLS_READ_BUFFER == 64 * 1024

    ca = CertificateAuthority.create()
    ca.issue_serving(["127.0.0.1"]).write(tmp_path / "tls.crt", tmp_path / "tls.key")
    (tmp_path / "ca.crt").write_bytes(ca.cert_pem)
    body = os.urandom(1024 * 1024)

    async def round_trip() -> tuple[bytes, list[int]]:
        async def handle(_: web.Request) -> web.Response:
            return web.Response(body=body)

        app = web.Application()
        app.router.add_get("/big", handle)
        runner = web.AppRunner(app)
        await runner.setup()
        served = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        served.load_cert_chain(tmp_path / "tls.crt", tmp_path / "tls.key")
        site = web.TCPSite(runner, "127.0.0.1", 0, ssl_context=served)
        await site.start()
        port = runner.addresses[0][1]
        try:
            trusted = ssl.create_default_context(cafile=str(tmp_path / "ca.crt"))
            async with aiohttp.ClientSession() as session, session.get(f"https://127.0.0.1:{port}/big",
                                                                       ssl=trusted) as response:
                # asyncio's TLS transport wraps the SSLProtocol that owns the buffer
                tls = response.connection.transport._ssl_protocol  # type: ignore[union-attr]
                buffers = [len(tls._ssl_buffer)] if isinstance(tls, asyncio.sslproto.SSLProtocol) else []
                return await response.read(), buffers
        finally:
            await runner.cleanup()

    got, buffers = asyncio.run(round_trip())
    assert got == body
    assert buffers == [64 * 1024]  # the client connection's buffer, as the operator's own connections get
