"""The one-node cluster's plain logic: the kernel settings a node changes on this machine are put back exactly, and
image references are named as containerd names them. (The cluster itself: tests/integration/test_node_cluster.py.)"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from controller.devenv.kube_node import KUBELET_SYSCTLS, KernelTunables, _imported_name, kubelet_configuration

# What this machine has (vm.overcommit_memory=0, kernel.panic=1, kernel.panic_on_oops=0), the rest as the kubelet wants.
HOST = {**KUBELET_SYSCTLS, "vm/overcommit_memory": 0, "kernel/panic": 1, "kernel/panic_on_oops": 0}


@pytest.fixture
def proc_sys(tmp_path: Path) -> Path:
    root = tmp_path / "proc-sys"
    for key, value in HOST.items():
        (root / key).parent.mkdir(parents=True, exist_ok=True)
        (root / key).write_text(f"{value}\n")
    return root


def read(proc_sys: Path) -> dict[str, int]:
    return {key: int((proc_sys / key).read_text()) for key in KUBELET_SYSCTLS}


def test_apply_sets_the_kubelets_values_and_restore_puts_the_old_ones_back(proc_sys: Path, tmp_path: Path) -> None:
    tunables = KernelTunables(proc_sys, tmp_path / "saved.json")
    changed = tunables.apply()
    assert changed == {"vm/overcommit_memory": 0, "kernel/panic": 1, "kernel/panic_on_oops": 0}
    assert read(proc_sys) == KUBELET_SYSCTLS
    assert json.loads((tmp_path / "saved.json").read_text()) == changed
    assert tunables.restore(nodes_left=0) == changed
    assert read(proc_sys) == HOST
    assert not (tmp_path / "saved.json").exists()


def test_restore_waits_for_the_last_node_and_keeps_the_first_saved_values(proc_sys: Path, tmp_path: Path) -> None:
    first, second = KernelTunables(proc_sys, tmp_path / "s.json"), KernelTunables(proc_sys, tmp_path / "s.json")
    first.apply()
    assert second.apply() == {}  # already at the kubelet's values: nothing to save, the first node's record stays
    assert first.restore(nodes_left=1) == {} and read(proc_sys) == KUBELET_SYSCTLS
    assert second.restore(nodes_left=0) and read(proc_sys) == HOST


def test_restore_leaves_a_value_someone_else_changed_meanwhile(proc_sys: Path, tmp_path: Path) -> None:
    tunables = KernelTunables(proc_sys, tmp_path / "saved.json")
    tunables.apply()
    (proc_sys / "kernel/panic").write_text("30\n")  # an administrator's decision, not ours to undo
    restored = tunables.restore(nodes_left=0)
    assert "kernel/panic" not in restored and int((proc_sys / "kernel/panic").read_text()) == 30
    assert int((proc_sys / "vm/overcommit_memory").read_text()) == 0


def test_restore_without_a_record_changes_nothing(proc_sys: Path, tmp_path: Path) -> None:
    (proc_sys / "vm/overcommit_memory").write_text("1\n")
    assert KernelTunables(proc_sys, tmp_path / "none.json").restore(nodes_left=0) == {}
    assert int((proc_sys / "vm/overcommit_memory").read_text()) == 1


@pytest.mark.parametrize(("ref", "name"), [
    ("ghcr.io/insa/healing-operator:0.1.0", "ghcr.io/insa/healing-operator:0.1.0"),
    ("healing-local/pause:3.10.1", "docker.io/healing-local/pause:3.10.1"),
    ("busybox:latest", "docker.io/library/busybox:latest"),
    ("localhost/x:1", "localhost/x:1"),
    ("registry:5000/x:1", "registry:5000/x:1"),
])
def test_image_references_are_named_as_containerd_names_them(ref: str, name: str) -> None:
    assert _imported_name(ref) == name


def test_kubelet_is_authenticated_and_authorized_by_the_api_server() -> None:
    config = kubelet_configuration()
    assert config["authentication"]["anonymous"] == {"enabled": False}
    assert config["authorization"] == {"mode": "Webhook"} and config["readOnlyPort"] == 0


def test_dev_up_node_refuses_foreground_with_what_to_do(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from controller.devenv.cli import dev_app

    monkeypatch.setenv("HEALING_CACHE_DIR", str(tmp_path))
    result = CliRunner().invoke(dev_app, ["up", "--node", "--foreground"])
    assert result.exit_code == 1
    assert "--node runs detached" in result.output and "healing dev down" in result.output
    assert not (tmp_path / "dev" / "state.json").exists()
