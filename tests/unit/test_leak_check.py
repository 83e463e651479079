"""The session-end leak check (tests/plugins/leaks.py) fails a run that leaves a process behind, and passes a
clean one: shown on an inner pytest run in a subprocess."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest_plugins = ["pytester"]
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def inner(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> pytest.Pytester:
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    pytester.makeconftest('pytest_plugins = ["tests.plugins.leaks"]\n')
    return pytester


def test_a_leaked_process_fails_the_run(inner: pytest.Pytester) -> None:
    inner.makepyfile(
        """
        import subprocess

        def test_forgets_its_child():
            subprocess.Popen(["sleep", "60"])
        """
    )
    result = inner.runpytest_subprocess()
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines(["*LEAKS*", "*process * sleep 60 was left by the tests*"])


def test_a_clean_run_passes(inner: pytest.Pytester) -> None:
    inner.makepyfile(
        """
        import subprocess

        def test_waits_for_its_child():
            subprocess.run(["true"], check=True)
        """
    )
    result = inner.runpytest_subprocess()
    assert result.ret == pytest.ExitCode.OK
    assert "LEAKS" not in result.stdout.str()
