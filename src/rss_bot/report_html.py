"""`rss-bot report --html`: one self-contained page (inline CSS and SVG, works offline)."""

from __future__ import annotations

from datetime import datetime
from html import escape

from rss_bot import texts
from rss_bot.knowledge import KnowledgeBase
from rss_bot.reports import Cluster, Stats, clip

WIDTH = 640
BAR_HEIGHT = 22
COLOURS = ("#2e7d32", "#f9a825", "#c62828")  # answered, suggested, fallback
MIN_PEOPLE = 2  # different people who asked a group of questions before it is shown

CSS = """
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:0;padding:1rem;
color:#1f2933;background:#f7f7f5;line-height:1.4}
main{max-width:44rem;margin:auto}
h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:2rem;border-bottom:1px solid #ccc}
svg{width:100%;height:auto;display:block;background:#fff;border-radius:6px}
svg text{font-size:13px;fill:#1f2933}
table{border-collapse:collapse;width:100%;background:#fff}
td,th{padding:.4rem;border-bottom:1px solid #e3e3e3;text-align:left;vertical-align:top}
.n{text-align:right;white-space:nowrap}.muted{color:#5f6b76;font-size:.9rem}
.legend span{display:inline-block;margin-right:1rem}
.legend i{display:inline-block;width:.8rem;height:.8rem;margin-right:.3rem;vertical-align:-1px}
"""


def _svg(height: int, body: str, title: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'role="img" aria-label="{escape(title)}"><title>{escape(title)}</title>{body}</svg>'
    )


def bar_chart(items: list[tuple[str, int]], title: str, colour: str = "#1565c0") -> str:
    """Horizontal bars: one labelled row per item."""
    if not items:
        return '<p class="muted">Aucune donnée sur la période.</p>'
    top = max(n for _, n in items) or 1
    label_width, gap = 260, 8
    rows = []
    for index, (label, value) in enumerate(items):
        y = index * (BAR_HEIGHT + gap) + gap
        length = max(2, int((WIDTH - label_width - 60) * value / top))
        short = label if len(label) <= 38 else label[:37] + "…"
        rows.append(
            f'<text x="8" y="{y + 16}">{escape(short)}</text>'
            f'<rect x="{label_width}" y="{y}" width="{length}" height="{BAR_HEIGHT}" '
            f'fill="{colour}" rx="3"/>'
            f'<text x="{label_width + length + 6}" y="{y + 16}">{value}</text>'
        )
    return _svg(len(items) * (BAR_HEIGHT + gap) + gap, "".join(rows), title)


def day_chart(result: Stats) -> str:
    """Questions per day as stacked columns (answered, suggested, fallback)."""
    if not result.days:
        return '<p class="muted">Aucune question sur la période.</p>'
    height, bottom = 220, 30
    top = max(d.questions for d in result.days) or 1
    step = (WIDTH - 40) / len(result.days)
    width = max(2.0, step * 0.8)
    parts = []
    for index, day in enumerate(result.days):
        x = 30 + index * step
        y = height - bottom
        for value, colour in zip((day.answered, day.suggested, day.fallback), COLOURS, strict=True):
            h = (height - bottom - 20) * value / top
            y -= h
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{width:.1f}" height="{h:.1f}" '
                f'fill="{colour}"/>'
            )
        if len(result.days) <= 14 or index % max(1, len(result.days) // 10) == 0:
            parts.append(f'<text x="{x:.1f}" y="{height - 10}">{escape(day.day[5:])}</text>')
    parts.append(f'<text x="4" y="16">max {top}</text>')
    return _svg(height, "".join(parts), "Questions par jour")


def outcome_chart(result: Stats) -> str:
    """One bar split by outcome, with the shares written out."""
    shares = result.shares()
    names = ("réponse directe", "suggestions", "sans réponse")
    x, parts = 0.0, []
    for share, colour in zip(shares, COLOURS, strict=True):
        width = (WIDTH - 2) * share
        parts.append(f'<rect x="{x:.1f}" y="4" width="{width:.1f}" height="36" fill="{colour}"/>')
        x += width
    legend = "".join(
        f'<span><i style="background:{c}"></i>{n} : {100 * s:.0f} %</span>'
        for n, c, s in zip(names, COLOURS, shares, strict=True)
    )
    return _svg(44, "".join(parts), "Part des réponses") + f'<p class="legend">{legend}</p>'


def cluster_table(clusters: list[Cluster], limit: int = 15) -> str:
    """The biggest groups of unanswered questions asked by at least MIN_PEOPLE people; the
    others are only counted (a question one person asked may tell who they are)."""
    if not clusters:
        return '<p class="muted">Aucune question sans réponse sur la période.</p>'
    shown = [c for c in clusters if len(c.people) >= MIN_PEOPLE]
    hidden = sum(c.count for c in clusters if len(c.people) < MIN_PEOPLE)
    rows = "".join(
        f'<tr><td class="n">{c.count}</td><td>'
        + "<br/>".join(f"« {escape(clip(e))} »" for e in c.examples)
        + "</td></tr>"
        for c in shown[:limit]
    )
    table = f'<table><tr><th class="n">Nb</th><th>Exemples</th></tr>{rows}</table>' if rows else ""
    note = f'<p class="muted">{escape(texts.REPORT_SINGLES.format(count=hidden))}</p>'
    return table + (note if hidden else "")


def render(
    result: Stats, clusters: list[Cluster], kb: KnowledgeBase | None, generated: datetime
) -> str:
    """The whole page."""

    def label(intent_id: str) -> str:
        intent = kb.get(intent_id) if kb else None
        return intent.label if intent else intent_id

    answered, suggested, fallback = result.shares()
    summary = (
        f"{result.total} questions depuis le {result.since}, {result.people} personne(s) "
        f"différente(s) ; {100 * answered:.0f} % de réponses directes, {100 * suggested:.0f} % "
        f"de suggestions, {100 * fallback:.0f} % sans réponse."
    )
    sections = [
        ("Questions par jour", day_chart(result)),
        ("Réponses, suggestions, sans réponse", outcome_chart(result)),
        (
            "Sujets les plus demandés",
            bar_chart([(label(i), n) for i, n in result.top_intents], "Sujets les plus demandés"),
        ),
        ("Questions sans réponse les plus fréquentes", cluster_table(clusters)),
        (
            "Campagnes",
            bar_chart(
                [(c, n) for c, n, _ in result.campaigns], "Questions par campagne", "#6a1b9a"
            ),
        ),
    ]
    body = "".join(f"<section><h2>{escape(t)}</h2>{content}</section>" for t, content in sections)
    return (
        '<!DOCTYPE html>\n<html lang="fr"><head><meta charset="utf-8"/>'
        '<meta name="viewport" content="width=device-width, initial-scale=1"/>'
        f"<title>Rapport rss-bot</title><style>{CSS}</style></head><body><main>"
        f"<h1>Rapport rss-bot</h1><p>{escape(summary)}</p>"
        f'<p class="muted">Généré le {generated:%d/%m/%Y à %H:%M} UTC. Les personnes ne sont '
        "connues que par un pseudonyme ; aucun nom ni numéro n'est enregistré.</p>"
        f"{body}</main></body></html>\n"
    )
