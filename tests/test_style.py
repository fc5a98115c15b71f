"""The code stays formatted and lint-clean (ruff, configured in pyproject.toml)."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from .conftest import ROOT


def ruff(*args: str) -> subprocess.CompletedProcess[str]:
    command = shutil.which("ruff") or f"{sys.prefix}/bin/ruff"
    return subprocess.run(
        [command, *args], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )


@pytest.mark.parametrize("args", [["check", "."], ["format", "--check", "."]])
def test_ruff(args: list[str]) -> None:
    result = ruff(*args)
    assert result.returncode == 0, result.stdout + result.stderr
