"""Deep-link payloads for campaign posters."""

from __future__ import annotations

import pytest

from rss_bot.telegram.deeplinks import DeepLink, build_payload, link, parse_payload


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        ("c_mopti", DeepLink(campaign="mopti")),
        ("t_camps-moc", DeepLink(topic="camps-moc")),
        ("c_gao__t_camps-moc", DeepLink(topic="camps-moc", campaign="gao")),
        ("camps-moc", DeepLink(topic="camps-moc")),
        ("c_Tombouctou", DeepLink(campaign="tombouctou")),
        ("inline", DeepLink(topic="inline")),
        ("bad payload!", DeepLink()),
        ("x" * 65, DeepLink()),
        # A number is no campaign (a phone number would be kept in clear), nor a topic.
        ("c_76123456", DeepLink()),
        ("c_76123456__t_camps-moc", DeepLink(topic="camps-moc")),
    ],
)
def test_parse(payload: str, expected: DeepLink) -> None:
    assert parse_payload(payload) == expected


def test_round_trip_fits_telegram() -> None:
    payload = build_payload("a" * 32, "b" * 24)
    assert len(payload) <= 64
    assert parse_payload(payload) == DeepLink(topic="a" * 32, campaign="b" * 24)


def test_link() -> None:
    assert link("rss_bot", "c_mopti") == "https://t.me/rss_bot?start=c_mopti"
    assert link("rss_bot") == "https://t.me/rss_bot"
