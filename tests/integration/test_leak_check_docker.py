"""The session-end leak check fails a run that leaves one of its containers behind, and removes it."""

from __future__ import annotations

from pathlib import Path

import docker
import pytest
from docker.models.images import Image

pytest_plugins = ["pytester"]
pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]


def test_a_leaked_container_fails_the_run_and_is_removed(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, docker_client: docker.DockerClient,
    busybox_image: Image,
) -> None:
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    pytester.makeconftest('pytest_plugins = ["tests.plugins.leaks"]\n')
    pytester.makepyfile(
        f"""
        import docker
        from tests.plugins.docker_nodes import run_labels

        def test_forgets_its_container():
            c = docker.from_env().containers.run("{busybox_image.id}", ["sleep", "300"], detach=True,
                                                 labels={{**run_labels(), "leak-check": "yes"}})
            print("LEAKED", c.name)
        """
    )
    result = pytester.runpytest_subprocess("-s")
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines(["*LEAKS*", "*container * was left by the tests*"])
    assert docker_client.containers.list(all=True, filters={"label": "leak-check=yes"}) == []
