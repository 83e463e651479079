"""Local development environment: a real etcd + kube-apiserver (built once from pinned sources) and helpers."""

from controller.devenv.build import Binaries, BuildError, ensure_binaries
from controller.devenv.controlplane import ControlPlane, ControlPlaneError

__all__ = ["Binaries", "BuildError", "ControlPlane", "ControlPlaneError", "ensure_binaries"]
