"""Local development environment: a real etcd + kube-apiserver (built once from pinned sources) and helpers.

Names are resolved lazily so `python -m controller.devenv.build` does not import its own module twice.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_EXPORTS = {
    "Binaries": "controller.devenv.build",
    "BuildError": "controller.devenv.build",
    "ensure_binaries": "controller.devenv.build",
    "ControlPlane": "controller.devenv.controlplane",
    "ControlPlaneError": "controller.devenv.controlplane",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
