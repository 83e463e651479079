"""Shared pytest wiring: each real part (control plane, Docker, systemd nodes, fake GitHub) has its own
fixture plugin under tests/plugins/ so they can be read and changed independently."""

pytest_plugins = [
    "tests.plugins.controlplane",
    "tests.plugins.docker_nodes",
    "tests.plugins.github_server",
    "tests.plugins.leaks",
]
