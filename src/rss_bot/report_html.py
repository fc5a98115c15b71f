"""`rss-bot report --html`: one self-contained page (inline CSS and SVG, works offline).

Made to be read on a phone: labels are HTML text at the page's own font size (an SVG scaled
to a 360-pixel screen would shrink its text to 7 pixels), nothing is wider than the screen,
and every chart comes with a table that says the same in words and numbers.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from html import escape

from rss_bot import texts
from rss_bot.knowledge import KnowledgeBase
from rss_bot.reports import MIN_PEOPLE_SHOWN, Stats
from rss_bot.review import Cluster, clip

COLOURS = ("#2e7d32", "#f9a825", "#c62828")  # answered, suggested, fallback
OUTCOMES = ("réponse directe", "suggestions", "sans réponse")
DAY_CHART_WIDTH, DAY_CHART_HEIGHT = 640, 200

CSS = """
*{box-sizing:border-box}
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;font-size:16px;margin:0;
padding:.75rem;color:#1f2933;background:#f7f7f5;line-height:1.45}
main{max-width:44rem;margin:auto}
h1{font-size:1.4rem;margin:.5rem 0}
h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #ccc}
figure{margin:0}
figcaption,.muted{color:#4b5661;font-size:.9rem}
svg{width:100%;height:auto;display:block;background:#fff;border-radius:6px}
table{border-collapse:collapse;width:100%;background:#fff;font-size:.9rem}
td,th{padding:.3rem;border-bottom:1px solid #e3e3e3;text-align:left;vertical-align:top;
overflow-wrap:anywhere}
.n{text-align:right}td.n{white-space:nowrap}th{overflow-wrap:normal}
table.dense{font-size:.8rem}
details{margin:.4rem 0 0}summary{cursor:pointer;color:#1565c0;font-size:.95rem}
.bars{list-style:none;margin:0;padding:0}
.bars li{margin:.15rem 0 .6rem}
.bar{display:flex;align-items:center;gap:.4rem}
.bar span{display:block;height:1.1rem;border-radius:3px;min-width:2px}
.split{display:flex;height:2rem;border-radius:6px;overflow:hidden;background:#fff}
.legend{display:flex;flex-wrap:wrap;gap:.3rem 1rem;margin:.4rem 0 0;padding:0;list-style:none}
.legend i{display:inline-block;width:.8rem;height:.8rem;margin-right:.3rem;vertical-align:-1px}
"""


def _table(
    headers: tuple[str, ...], rows: list[tuple[object, ...]], numeric: int = 1, dense: bool = False
) -> str:
    """A table; the last `numeric` columns are numbers (right-aligned); `dense` for many
    columns (a smaller font, still 12.8 pixels)."""
    first = len(headers) - numeric

    def cells(values: tuple[object, ...], tag: str) -> str:
        out = []
        for index, value in enumerate(values):
            number = ' class="n"' if index >= first else ""
            out.append(f"<{tag}{number}>{escape(str(value))}</{tag}>")
        return "".join(out)

    body = "".join(f"<tr>{cells(row, 'td')}</tr>" for row in rows)
    kind = ' class="dense"' if dense else ""
    return f"<table{kind}><tr>{cells(headers, 'th')}</tr>{body}</table>"


def _figure(visual: str, caption: str, table: str) -> str:
    """A chart, its caption, and its table (the text equivalent) under "Voir le tableau"."""
    return (
        f'<figure class="chart">{visual}<figcaption>{escape(caption)}</figcaption>'
        f"<details><summary>Voir le tableau</summary>{table}</details></figure>"
    )


def _empty(text: str) -> str:
    return f'<p class="muted">{escape(text)}</p>'


def bar_chart(
    items: list[tuple[str, int]], title: str, headers: tuple[str, str], colour: str = "#1565c0"
) -> str:
    """Horizontal bars in HTML: each label on its line, the bar and its number under it."""
    if not items:
        return _empty("Aucune donnée sur la période.")
    top = max(n for _, n in items) or 1
    rows = "".join(
        f'<li>{escape(label)}<div class="bar"><span style="width:{80 * value / top:.1f}%;'
        f'background:{colour}"></span>{value}</div></li>'
        for label, value in items
    )
    visual = f'<ul class="bars" aria-hidden="true">{rows}</ul>'
    return _figure(visual, title, _table(headers, list(items)))


def day_chart(result: Stats) -> str:
    """Questions per day as stacked columns (answered, suggested, fallback), with its table."""
    if not result.days:
        return _empty("Aucune question sur la période.")
    height, top = DAY_CHART_HEIGHT, max(d.questions for d in result.days) or 1
    step = DAY_CHART_WIDTH / len(result.days)
    width = max(2.0, step * 0.8)
    parts = []
    for index, day in enumerate(result.days):
        x, y = index * step + (step - width) / 2, float(height)
        for value, colour in zip((day.answered, day.suggested, day.fallback), COLOURS, strict=True):
            h = (height - 8) * value / top
            y -= h
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{width:.1f}" height="{h:.1f}" '
                f'fill="{colour}"/>'
            )
    visual = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {DAY_CHART_WIDTH} {height}" '
        f'aria-hidden="true">{"".join(parts)}</svg>'
    )
    caption = (
        f"Questions par jour, du {result.days[0].day} au {result.days[-1].day} "
        f"(au plus {top} par jour) : en vert les réponses directes, en jaune les suggestions, "
        "en rouge les questions sans réponse."
    )
    table = _table(
        ("Jour", "Total", "Réponses", "Suggestions", "Sans réponse"),
        [(f"{d.day[8:]}/{d.day[5:7]}", d.questions, d.answered, d.suggested, d.fallback)
         for d in result.days],
        numeric=4,
        dense=True,
    )  # fmt: skip
    return _figure(visual, caption, table)


def outcome_chart(result: Stats) -> str:
    """One bar split by outcome, with the shares written out."""
    shares = result.shares()
    split = "".join(
        f'<span style="width:{100 * share:.1f}%;background:{colour}"></span>'
        for share, colour in zip(shares, COLOURS, strict=True)
    )
    legend = "".join(
        f'<li><i style="background:{c}"></i>{n} : {100 * s:.0f} %</li>'
        for n, c, s in zip(OUTCOMES, COLOURS, shares, strict=True)
    )
    visual = f'<div class="split" aria-hidden="true">{split}</div><ul class="legend">{legend}</ul>'
    table = _table(
        ("Résultat", "Part"),
        [(n, f"{100 * s:.0f} %") for n, s in zip(OUTCOMES, shares, strict=True)],
    )
    return _figure(visual, f"Sur {result.total} questions.", table)


def feedback_table(result: Stats, label: dict[str, str]) -> str:
    """👍 and 👎 per topic: a table is the clearest chart of two small numbers."""
    if not result.feedback:
        return _empty("Aucun avis 👍 / 👎 sur la période.")
    rows = [(label.get(i, i), up, down) for i, up, down in result.feedback]
    return _table(("Sujet", "👍", "👎"), rows, numeric=2)


def versions_table(result: Stats) -> str:
    """Questions per version of the knowledge base (each reload makes a new version)."""
    if not result.versions:
        return _empty("Aucune question sur la période.")
    rows = [(v.version or "?", f"{v.first} → {v.last}", v.questions) for v in result.versions]
    return _table(("Version", "Période (UTC)", "Questions"), rows)


def cluster_table(clusters: list[Cluster], limit: int = 15) -> str:
    """The biggest groups of unanswered questions asked by at least MIN_PEOPLE_SHOWN people; the
    others are only counted (a question one person asked may tell who they are)."""
    if not clusters:
        return _empty("Aucune question sans réponse sur la période.")
    shown = [c for c in clusters if c.askers >= MIN_PEOPLE_SHOWN]
    hidden = sum(c.count for c in clusters if c.askers < MIN_PEOPLE_SHOWN)
    rows = "".join(
        f'<tr><td class="n">{c.count}</td><td>'
        + "<br/>".join(f"« {escape(clip(e))} »" for e in c.examples)
        + "</td></tr>"
        for c in shown[:limit]
    )
    table = f'<table><tr><th class="n">Nb</th><th>Exemples</th></tr>{rows}</table>' if rows else ""
    note = f'<p class="muted">{escape(texts.REPORT_SINGLES.format(count=hidden))}</p>'
    return table + (note if hidden else "")


def sayings_note(sayings: Counter[str]) -> str:
    """How many messages asked about no topic ("d'accord", "c'est faux"…), by kind."""
    if not sayings:
        return ""
    kinds = "".join(
        f"<li>{escape(texts.SAYING_KINDS[kind])} × {sayings[kind]}</li>"
        for kind in texts.SAYING_KINDS
        if sayings[kind]
    )
    title = texts.UNANSWERED_SAYINGS.format(count=sum(sayings.values()))
    return f'<p class="muted">{escape(title)}</p><ul class="muted">{kinds}</ul>'


def render(
    result: Stats,
    clusters: list[Cluster],
    kb: KnowledgeBase | None,
    generated: datetime,
    period: str = "",
    sayings: Counter[str] | None = None,
) -> str:
    """The whole page."""
    label = {i.id: i.label for i in kb.intents} if kb else {}
    answered, suggested, fallback = result.shares()
    summary = (
        f"{result.total} questions depuis le {result.since}, {result.people} personne(s) "
        f"différente(s) ; {100 * answered:.0f} % de réponses directes, {100 * suggested:.0f} % "
        f"de suggestions, {100 * fallback:.0f} % sans réponse. Non comptés : "
        f"{result.without_text} message(s) sans texte, {result.non_text} non textuel(s) et "
        f"{result.conversation} de conversation sans question."
    )
    sections = [
        ("Questions par jour", day_chart(result)),
        ("Réponses, suggestions, sans réponse", outcome_chart(result)),
        (
            "Sujets les plus demandés",
            bar_chart(
                [(label.get(i, i), n) for i, n in result.top_intents],
                "Questions répondues directement, par sujet.",
                ("Sujet", "Questions"),
            ),
        ),
        ("Avis 👍 / 👎 par sujet", feedback_table(result, label)),
        (
            "Questions sans réponse les plus fréquentes",
            cluster_table(clusters) + sayings_note(sayings or Counter()),
        ),
        (
            "Campagnes",
            bar_chart(
                [(c, n) for c, n, _ in result.campaigns],
                "Questions venues d'un lien ou d'un QR code de campagne.",
                ("Campagne", "Questions"),
                "#6a1b9a",
            ),
        ),
        ("Versions de la base de connaissances", versions_table(result)),
    ]
    body = "".join(f"<section><h2>{escape(t)}</h2>{content}</section>" for t, content in sections)
    return (
        '<!DOCTYPE html>\n<html lang="fr"><head><meta charset="utf-8"/>'
        '<meta name="viewport" content="width=device-width, initial-scale=1"/>'
        f"<title>Rapport rss-bot</title><style>{CSS}</style></head><body><main>"
        f"<h1>Rapport rss-bot</h1><p>{escape(period)}</p><p>{escape(summary)}</p>"
        f'<p class="muted">Généré le {generated:%Y-%m-%d à %H:%M} UTC. Les personnes ne sont '
        "connues que par un pseudonyme ; aucun nom ni numéro n'est enregistré.</p>"
        f"{body}</main></body></html>\n"
    )
