"""Fixtures shared by the unit tests of the operator's parts."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest_asyncio

from controller.operator.tasks import Tasks


@pytest_asyncio.fixture(loop_scope="function")  # the test's own loop: its tasks run, and are cancelled, there
async def tasks() -> AsyncIterator[Tasks]:
    """The spawner a part is given; whatever it started is cancelled after the test."""
    tasks = Tasks()
    yield tasks
    await tasks.cancel_all()
