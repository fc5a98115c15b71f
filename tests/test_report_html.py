"""The HTML report in a real browser at a phone's width: no horizontal scroll, readable
labels, a text equivalent for every chart; and a screenshot of it."""

from __future__ import annotations

import asyncio
import dataclasses
import struct
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from rss_bot.engine import Engine
from rss_bot.querylog import QueryLog
from rss_bot.records import Channel, EventKind, EventRecord, QuestionRecord

from .browser import CHROMIUM, chromium
from .conftest import ROOT

# Skipped only where no browser can be installed: .ci/run installs Debian's chromium.
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="Chromium absent (apt-get install chromium)"
)

PHONE = 360  # CSS pixels: a small Android phone
MIN_FONT_PX = 12

MEASURE = """(() => {
  const doc = document.documentElement;
  const wide = [...document.body.querySelectorAll('*')]
    .filter(e => { const r = e.getBoundingClientRect();
                   return r.width > 0 && (r.right > innerWidth + 0.5 || r.left < -0.5); })
    .map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : ''));
  const small = [];
  const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walk.nextNode()) {
    const node = walk.currentNode, element = node.parentElement;
    if (!node.textContent.trim() || element.getBoundingClientRect().width === 0) continue;
    const size = parseFloat(getComputedStyle(element).fontSize);
    if (size < MIN_FONT_PX) small.push([node.textContent.trim().slice(0, 30), size]);
  }
  const svgText = [...document.querySelectorAll('svg text')]
    .filter(t => t.getBoundingClientRect().height < MIN_FONT_PX).length;
  const charts = [...document.querySelectorAll('figure.chart')].map(f => ({
    rows: f.querySelectorAll('table tr').length,
    caption: (f.querySelector('figcaption') || {textContent: ''}).textContent.trim()}));
  const bareSvg = [...document.querySelectorAll('svg')]
    .filter(s => !s.closest('figure.chart')).length;
  return {scroll: doc.scrollWidth, client: doc.clientWidth, inner: innerWidth, wide, small,
          svgText, charts, bareSvg};
})()""".replace("MIN_FONT_PX", str(MIN_FONT_PX))


async def busy_log(engine: Engine, path: Path) -> None:
    """A month of varied questions: long ones, many topics, feedback, campaigns, versions."""
    now = datetime.now(UTC)
    clock = [now]
    questions = [
        "c koi le moc", "ou sont les camps moc", "quels sont les axes", "c koi la PEJ",
        "formations", "combien de soldats a la minusma", "quel temps fait il a gao",
        "anticonstitutionnellement" * 4, "Bonjour, je voudrais savoir comment la MINUSMA a aidé "
        "les jeunes de Mopti et de Tombouctou à participer au contrôle démocratique, merci",
    ]  # fmt: skip
    async with QueryLog(path, b"browser-key", "v1-ancienne", clock=lambda: clock[0]) as log:
        for day in range(30):
            clock[0] = now - timedelta(days=29 - day, hours=1)
            version = "v1-ancienne" if day < 20 else engine.kb.version
            for n, text in enumerate(questions):
                verdict = dataclasses.replace(engine.reply(text).verdict, kb_version=version)
                campaign = "mopti-centre-ville-2024" if n % 3 == 0 else None
                log.record_question(
                    QuestionRecord(Channel.TELEGRAM, "private", day * 10 + n, text, verdict, 2.0,
                                   campaign, f"{day}-{n}")
                )  # fmt: skip
                if verdict.intent:
                    kind = EventKind.FEEDBACK_UP if n % 2 else EventKind.FEEDBACK_DOWN
                    log.record_event(
                        EventRecord(Channel.TELEGRAM, day, kind, verdict.intent, None, f"{day}-{n}")
                    )


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


async def test_report_reads_well_on_a_phone(engine: Engine, tmp_path: Path) -> None:
    db = tmp_path / "questions.sqlite3"
    await busy_log(engine, db)
    page_file = tmp_path / "rapport.html"
    made = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "rss_bot", "report", "--db", str(db), "--html", str(page_file),
        cwd=ROOT, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    _, error = await asyncio.wait_for(made.communicate(), 60)
    assert made.returncode == 0, error.decode()
    async with chromium(tmp_path / "profile") as page:
        await page.open(page_file, PHONE)
        closed = await page.evaluate(MEASURE)
        shot = await page.screenshot(tmp_path / "rapport-360.png")
        # Every table of a chart opened, as a reader would: still no horizontal scroll.
        await page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        opened = await page.evaluate(MEASURE)
    for measured in (closed, opened):
        assert measured["inner"] == PHONE, (measured["wide"][:8], measured["scroll"])
        assert measured["scroll"] <= measured["client"], measured["wide"][:5]
        assert measured["wide"] == []
        assert measured["small"] == [], measured["small"][:5]
        assert measured["svgText"] == 0
        assert measured["bareSvg"] == 0  # every picture is a chart with its table
    charts = opened["charts"]
    assert len(charts) >= 4
    assert all(chart["rows"] >= 2 and chart["caption"] for chart in charts), charts
    width, height = png_size(shot)
    assert width == PHONE
    assert height > 1000  # the whole page, not the first screen
    html = page_file.read_text(encoding="utf-8")
    for section in ("Avis 👍 / 👎 par sujet", "Versions de la base de connaissances"):
        assert section in html
    assert "v1-ancienne" in html
    assert engine.kb.version in html
