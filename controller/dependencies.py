"""Fail closed: the agent and the operator check their hard dependencies before anything else, and a missing or
broken one stops start-up with what to install -- never a fallback that quietly switches a safety feature off
(stuck detection, circuits, escalation, redaction, the pattern library)."""

from __future__ import annotations

import contextlib
import importlib
import importlib.util
import re
import shlex
from importlib import metadata
from typing import Literal

DISTRIBUTION = "integrated-healing-operator"
Component = Literal["operator", "agent"]
# import name -> package to install
REQUIRED: dict[Component, dict[str, str]] = {
    "operator": {
        "kopf": "kopf",
        "kubernetes": "kubernetes",
        "aiohttp": "aiohttp",
        "github": "PyGithub",  # escalation to GitHub issues
        "hyperscan": "hyperscan",  # regex validation of policies, redaction
        "prometheus_client": "prometheus-client",
        "zoneinfo": "tzdata",  # maintenance windows
    },
    "agent": {
        "docker": "docker",
        "dbus_fast": "dbus-fast",
        "hyperscan": "hyperscan",  # the pattern library, redaction
        "psutil": "psutil",
        "urllib3": "urllib3",
        "yaml": "PyYAML",
        "prometheus_client": "prometheus-client",
    },
}


# Checked present at start but imported where first used: importing PyGithub costs the operator 18 MB of memory
# (376 modules) that a cluster escalating only to Events never needs. A broken install then fails that escalation
# loudly (an Event and the incident's escalation status say why), not start-up.
PRESENT_AT_START: dict[Component, frozenset[str]] = {"operator": frozenset({"github"}), "agent": frozenset()}


def missing_dependencies(component: Component) -> dict[str, str]:
    """Package -> why it is unusable, for each required package that cannot be imported (or, for PRESENT_AT_START,
    found)."""
    missing: dict[str, str] = {}
    for module, package in REQUIRED[component].items():
        if module in PRESENT_AT_START[component]:
            try:
                found = importlib.util.find_spec(module) is not None
            except (ImportError, ValueError) as exc:
                missing[package] = f"find {module}: {exc}"
                continue
            if not found:
                missing[package] = f"no module named {module!r}"
            continue
        try:
            importlib.import_module(module)
        except ImportError as exc:
            missing[package] = f"import {module}: {exc}"
    return missing


def _requirement(package: str) -> str:
    """The version range pyproject.toml asks for (from the installed metadata); the bare name without it."""
    with contextlib.suppress(metadata.PackageNotFoundError):
        for req in metadata.requires(DISTRIBUTION) or []:
            name = re.split(r"[^A-Za-z0-9._-]", req, maxsplit=1)[0]
            if name.lower() == package.lower() and "extra ==" not in req:
                return req
    return package


def require_dependencies(component: Component) -> None:
    """Exit with what to install when a required package is missing or broken."""
    missing = missing_dependencies(component)
    if missing:
        why = "; ".join(f"{package} ({reason})" for package, reason in missing.items())
        install = " ".join(shlex.quote(_requirement(package)) for package in missing)
        raise SystemExit(f"healing {component} cannot start, missing: {why}. Install it: pip install {install}")
