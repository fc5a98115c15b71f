"""The container image definition: linted by hadolint, and consistent with the code."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

from .conftest import ROOT

DOCKERFILE = (ROOT / "Dockerfile").read_text(encoding="utf-8")


def test_hadolint_passes() -> None:
    hadolint = shutil.which("hadolint") or f"{sys.prefix}/bin/hadolint"
    result = subprocess.run(
        [hadolint, "--no-color", "Dockerfile"], cwd=ROOT, capture_output=True, text=True,
        timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr


def test_runs_as_non_root_with_a_data_volume_and_health_check() -> None:
    assert re.search(r"^USER 10001:10001$", DOCKERFILE, re.M)
    assert 'VOLUME ["/data"]' in DOCKERFILE
    assert 'CMD ["rss-bot", "health"]' in DOCKERFILE
    assert 'ENTRYPOINT ["rss-bot"]' in DOCKERFILE
    assert 'CMD ["run"]' in DOCKERFILE
    assert "PYTHONUNBUFFERED=1" in DOCKERFILE


def test_dependencies_are_pinned_and_no_secret_is_baked_in() -> None:
    assert "-c constraints.txt" in DOCKERFILE
    pins = (ROOT / "constraints.txt").read_text(encoding="utf-8")
    for package in ("python-telegram-bot", "RapidFuzz", "PyYAML", "aiosqlite", "segno"):
        assert re.search(rf"^{package}==[\d.]+$", pins, re.M), package
    assert "TOKEN" not in DOCKERFILE.split("# Run:")[1].split("FROM")[1]
    assert "RSS_BOT_LOG_KEY" not in DOCKERFILE
    ignored = (ROOT / ".dockerignore").read_text(encoding="utf-8")
    assert ignored.splitlines()[1] == "*"  # everything is excluded unless named (no .env, no data)
