"""Projected ServiceAccount tokens rotate: the kubelet writes a new token into the file before the old one expires.
Both hand-written clients (the agent's and the operator's) must keep working when the token file is swapped and the
old token stops being valid -- shown on the real API server with tokens bound to a Secret (deleting the Secret
invalidates its token at once)."""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from controller.agent.kube import KubeClient, Resource
from controller.devenv.controlplane import ControlPlane
from controller.devenv.stack import wait_until
from controller.operator.k8s import Kube

pytestmark = pytest.mark.integration
NAMESPACE = "token-rotation"
NAMESPACES = Resource("", "v1", "namespaces")


class Tokens:
    """Tokens for one ServiceAccount, each bound to its own Secret, written into a kubeconfig's tokenFile."""

    def __init__(self, plane: ControlPlane, workdir: Path) -> None:
        self.plane = plane
        self.sa = f"rotating-{uuid.uuid4().hex[:6]}"
        self.token_file = workdir / "token"
        self.kubeconfig = workdir / "kubeconfig"
        self.secrets: list[str] = []
        plane.run_kubectl("create", "namespace", NAMESPACE, check=False)
        plane.run_kubectl("create", "serviceaccount", "-n", NAMESPACE, self.sa)
        plane.run_kubectl("create", "clusterrole", self.sa, "--verb=get,list", "--resource=namespaces")
        plane.run_kubectl("create", "clusterrolebinding", self.sa, f"--clusterrole={self.sa}",
                          f"--serviceaccount={NAMESPACE}:{self.sa}")
        admin = yaml.safe_load(plane.kubeconfig.read_text())
        admin["users"] = [{"name": self.sa, "user": {"tokenFile": "token"}}]
        admin["contexts"][0]["context"]["user"] = self.sa
        self.kubeconfig.write_text(yaml.safe_dump(admin))

    def mint(self) -> str:
        secret = f"{self.sa}-{len(self.secrets)}"
        self.plane.run_kubectl("create", "secret", "generic", "-n", NAMESPACE, secret)
        self.secrets.append(secret)
        return self.plane.run_kubectl(
            "create", "token", "-n", NAMESPACE, self.sa, "--bound-object-kind=Secret", f"--bound-object-name={secret}"
        ).stdout.strip()

    def write(self, token: str) -> None:
        """As the kubelet does: a new file renamed over the old one."""
        tmp = self.token_file.with_suffix(".new")
        tmp.write_text(token + "\n")
        os.replace(tmp, self.token_file)

    def revoke(self, index: int) -> None:
        self.plane.run_kubectl("delete", "secret", "-n", NAMESPACE, self.secrets[index])

    def close(self) -> None:
        for kind in ("clusterrolebinding", "clusterrole"):
            self.plane.run_kubectl("delete", kind, self.sa, check=False)
        self.plane.run_kubectl("delete", "serviceaccount", "-n", NAMESPACE, self.sa, check=False)
        for secret in self.secrets:
            self.plane.run_kubectl("delete", "secret", "-n", NAMESPACE, secret, "--ignore-not-found", check=False)


@pytest.fixture
def tokens(control_plane: ControlPlane, tmp_path: Path) -> Iterator[Tokens]:
    t = Tokens(control_plane, tmp_path)
    try:
        yield t
    finally:
        t.close()


def _revoked(plane: ControlPlane, token: str) -> bool:
    review = {"apiVersion": "authentication.k8s.io/v1", "kind": "TokenReview", "spec": {"token": token}}
    out = plane.run_kubectl("create", "-o", "json", "-f", "-", input=json.dumps(review)).stdout
    return not json.loads(out)["status"].get("authenticated")


async def test_agent_client_reads_the_rotated_token(tokens: Tokens) -> None:
    first = tokens.mint()
    tokens.write(first)
    client = KubeClient.from_kubeconfig(str(tokens.kubeconfig))
    try:
        assert (await client.get(NAMESPACES, "default"))["metadata"]["name"] == "default"
        tokens.write(tokens.mint())
        tokens.revoke(0)
        wait_until(lambda: _revoked(tokens.plane, first), 60, "the first token to be rejected")
        assert (await client.get(NAMESPACES, "default"))["metadata"]["name"] == "default"
    finally:
        await client.close()


async def test_operator_client_reads_the_rotated_token(tokens: Tokens) -> None:
    first = tokens.mint()
    tokens.write(first)
    kube = Kube.from_kubeconfig(str(tokens.kubeconfig))
    try:
        assert (await kube.request("GET", "/api/v1/namespaces/default"))["metadata"]["name"] == "default"
        tokens.write(tokens.mint())
        tokens.revoke(0)
        wait_until(lambda: _revoked(tokens.plane, first), 60, "the first token to be rejected")
        assert (await kube.request("GET", "/api/v1/namespaces/default"))["metadata"]["name"] == "default"
    finally:
        await kube.close()
