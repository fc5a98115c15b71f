"""The container image definition: linted by hadolint, and consistent with the code."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tomllib

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


def test_pinned_dependencies_are_installed_before_the_code() -> None:
    """A code change must not reinstall the dependencies: their layer comes first and
    depends on constraints.txt alone."""
    lines = [line.strip() for line in DOCKERFILE.splitlines()]
    copy_pins = lines.index("COPY constraints.txt ./")
    install_pins = lines.index("RUN pip install --no-cache-dir -r constraints.txt")
    copy_code = lines.index("COPY src ./src")
    assert copy_pins < install_pins < copy_code
    assert not [line for line in lines[:install_pins] if line.startswith("COPY ")][:-1]
    assert "pip install --no-cache-dir --no-deps ." in DOCKERFILE


def test_every_runtime_dependency_is_pinned() -> None:
    pins = {
        re.sub(r"[-_.]+", "-", line.split("==")[0]).lower()
        for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines()
        if "==" in line and not line.startswith("#")
    }
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    for requirement in project["project"]["dependencies"]:
        name = re.split(r"[\[<>=!~ ;]", requirement, maxsplit=1)[0]
        assert re.sub(r"[-_.]+", "-", name).lower() in pins, requirement


def test_no_secret_is_baked_in() -> None:
    assert "TOKEN" not in DOCKERFILE.split("# Run:")[1].split("FROM")[1]
    assert "RSS_BOT_LOG_KEY" not in DOCKERFILE
    ignored = (ROOT / ".dockerignore").read_text(encoding="utf-8")
    assert ignored.splitlines()[1] == "*"  # everything is excluded unless named (no .env, no data)
