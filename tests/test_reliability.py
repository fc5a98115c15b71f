"""Short versions of the reliability scenarios (the long ones: benchmarks/reliability.py)."""

from __future__ import annotations

from pathlib import Path

from rss_bot.telegram.app import CONCURRENT_UPDATES, UPDATES_IN_HAND

from .reliability import crash_and_restart, database_faults, load, network_faults, privacy_scan


async def test_network_faults(tmp_path: Path) -> None:
    figures = await network_faults(tmp_path, questions=150, fault_rate=0.10)
    assert figures["faults_injected"] >= 10
    assert figures["alive_until_stop"] == 1
    assert figures["answered"] == 150
    assert figures["duplicates"] == 0  # the fake fails before acting, so no retry repeats
    assert figures["logged_once"] == 150
    assert figures["exit_code"] == 0
    assert privacy_scan(list(tmp_path.glob("questions.sqlite3*")), [figures.log], 150) == []


async def test_crash_and_restart(tmp_path: Path) -> None:
    figures = await crash_and_restart(tmp_path, questions=300)
    assert figures["integrity_after_kill"] == "ok"
    assert figures["integrity_after_restart"] == "ok"
    # Telegram gives the restarted bot every update the killed one had not confirmed; those
    # it had confirmed and not yet answered, never more than it holds at once, are lost.
    assert figures["not_answered_after_restart"] <= UPDATES_IN_HAND
    # The log writes in batches, in order: what a crash loses is the latest answers, never
    # older ones (a few answered at once may reach the disk in either order). How much,
    # in milliseconds, is measured by benchmarks/reliability.py, not asserted here.
    assert figures["logged_before_kill"] > 0
    assert figures["logged_after_a_lost_one"] <= CONCURRENT_UPDATES
    assert figures["exit_code"] == 0
    assert privacy_scan(list(tmp_path.glob("questions.sqlite3*")), [figures.log], 300) == []


async def test_load_and_flood_control(tmp_path: Path) -> None:
    figures = await load(tmp_path, questions=1000, users=100, flooders=2)
    assert figures["errors"] == 0, figures["error_calls"]
    assert figures["answers"] == 1000 + 2 * 21
    assert figures["slowed_users"] == 2
    assert figures["slowed_are_flooders"] == 1
    assert figures["exit_code"] == 0
    assert privacy_scan(list(tmp_path.glob("questions.sqlite3*")), [figures.log], 102) == []


async def test_database_faults_do_not_stop_answers(tmp_path: Path) -> None:
    figures = await database_faults(tmp_path)
    assert figures["answered"] == figures["questions"] == 120
    assert figures["failing_while_read_only"] == 1
    assert figures["failing_while_full"] == 1
    assert figures["recovered"] == 1
    # Each condition is reported once, and its end once.
    assert figures["reports_unavailable"] == 2
    assert figures["reports_recovered"] == 2
    assert figures["reports_replaced"] == 1
    # Nothing lost: rows written after the deletion all reach the new file.
    assert figures["rows_in_final_file"] == 100
    assert figures["dropped"] == 0
