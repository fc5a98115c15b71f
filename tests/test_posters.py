"""Campaign posters: exact QR sizes, and an A4 page whose cards scan back to their links
(in a real browser where Chromium is installed)."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from rss_bot import posters
from rss_bot.knowledge import KnowledgeBase, load

from .browser import CHROMIUM, chromium
from .conftest import WriteKB
from .test_cli import rss_bot


@pytest.mark.parametrize("size", [120, 296, 600, 1001])
def test_qr_png_has_the_exact_size_and_scans(size: int) -> None:
    import zxingcpp
    from PIL import Image

    url = "https://t.me/rss_test_bot?start=c_mopti__t_camps-moc"
    image = Image.open(io.BytesIO(posters.qr_png(url, size)))
    assert image.size == (size, size)
    (decoded,) = zxingcpp.read_barcodes(image)
    assert decoded.text == url


def test_small_talk_gets_no_poster(kb: KnowledgeBase, write_kb: WriteKB) -> None:
    topics = {i.id for i in posters.poster_topics(kb)}
    assert {"camps-moc", "glossaire-moc", "mandat-section"} <= topics
    assert not {"salutation", "remerciements", "au-revoir", "aide"} & topics
    plain = load(write_kb(faq="intents:\n  - id: horaires\n    questions: [q]\n    answer: r\n"))
    assert [i.id for i in posters.poster_topics(plain)] == ["horaires"]  # no kinds: all topics


def test_readme_campaign_example_works_as_written(tmp_path: Path) -> None:
    """The README's `links` command, run as written, writes the QR codes and the poster."""
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    (line,) = [t for t in readme.splitlines() if "rss-bot links --bot" in t and "--poster" in t]
    command = line.split("  #")[0].strip().strip("`").split("rss-bot ", 1)[1].split()
    result = rss_bot(*command, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    poster = tmp_path / "affiches" / "mopti.html"
    html = poster.read_text(encoding="utf-8")
    root = ET.fromstring(html.removeprefix("<!DOCTYPE html>\n"))
    cards = [s for s in root.iter("section") if s.get("class") == "card"]
    assert len(cards) == len(result.stdout.splitlines())
    assert len(list((tmp_path / "affiches").glob("mopti-*.png"))) == len(cards)
    assert "@page{size:A4" in html
    assert all(c.find(".//svg/path") is not None for c in cards)  # the QR code, inline
    assert "Campagne : mopti" in html
    assert "<script" not in html
    assert "t.me/rss_ddr_mali_bot?start=c_mopti__t_camps-moc" in html
    assert ">Les camps du MOC<" in html


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium absent (apt-get install chromium)")
async def test_poster_cards_scan_back_in_a_browser(tmp_path: Path) -> None:
    import zxingcpp
    from PIL import Image

    poster = tmp_path / "mopti.html"
    result = rss_bot(
        "links", "--bot", "rss_test_bot", "--campaign", "mopti", "--poster", str(poster)
    )
    assert result.returncode == 0, result.stderr
    urls = [line.split("\t")[2] for line in result.stdout.splitlines()]
    async with chromium(tmp_path / "profile") as page:
        await page.open(poster, 794, 1123)  # an A4 page at 96 dpi
        shot = await page.screenshot(tmp_path / "affiche.png", full_page=False)
        cards = await page.evaluate(
            "[...document.querySelectorAll('.card')].map(c => c.getBoundingClientRect().width)"
        )
    found = {b.text for b in zxingcpp.read_barcodes(Image.open(shot))}
    assert len(found) >= 6  # the first A4 page: every code on it scans
    assert found <= set(urls)
    assert urls[0] in found  # the welcome card comes first
    assert len(cards) == len(urls)
    assert all(300 < width < 400 for width in cards)  # two cards across the page
