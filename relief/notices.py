"""The fixed words every page shows: what the source is, and that this is not medical advice."""

from __future__ import annotations

import functools
import json
from pathlib import Path

from .article import md_escape

NOT_ADVICE = ("This dashboard is **not medical advice**: it shows what one article claims, "
              "not what a treatment will do for you. Talk to a qualified clinician.")


def source_note(meta: dict) -> str:
    """One markdown sentence naming the source and its kind, plus the not-medical-advice note."""
    title = md_escape(meta.get("title", "the source"))
    author = md_escape(meta.get("author", "unknown author"))
    kind = md_escape(meta.get("kind", "source of unknown kind"))
    return f"⚠️ **Source:** “{title}” by {author}: a {kind}. {NOT_ADVICE}"


def is_promotional(meta: dict) -> bool:
    kind = str(meta.get("kind", "")).lower()
    return "promot" in kind or "commercial" in kind


@functools.cache
def _bundled_sha256() -> str:
    path = Path(__file__).resolve().parent.parent / "data" / "article.meta.json"
    return json.loads(path.read_text(encoding="utf-8")).get("sha256", "")


def is_bundled(meta: dict) -> bool:
    """True when the source is the bundled article (so the caveats written about it apply)."""
    return meta.get("sha256") == _bundled_sha256()


def caveats(meta: dict) -> tuple[tuple[str, str], ...]:
    """The caveats about the bundled article, or general ones for someone else's source."""
    if is_bundled(meta):
        return CAVEATS
    return (
        ("Your source", f"The data shown comes from “{md_escape(meta.get('title', ''))}”, described as "
                        f"{md_escape(meta.get('kind', ''))}. The dashboard checks that every quote is verbatim and "
                        "every phrase is in the lexicon; it cannot judge whether the source is right."),
        CAVEATS[2],
        CAVEATS[3],
    )


CAVEATS: tuple[tuple[str, str], ...] = (
    ("A promotional source",
     "The article is a commercial blog post that promotes the Wellnee ketamine patch. Its patch "
     "“advantages” and the “preliminary studies” it mentions are marketing claims, listed here as such."),
    ("No references",
     "The article cites no study for any duration it gives, so none of its ranges can be traced to data from it."),
    ("Vague phrases",
     "The article speaks in phrases (“a few hours”, “several months or longer”). Turning them into hours is our "
     "interpretation, shown in the lexicon; each end of a bar is drawn as a band, not a point."),
    ("Open ends stay open",
     "Where the article gives only a lower end (“several months or longer”), the bar fades out to the right "
     "rather than stopping at a number the article never gave."),
    ("No range for the patch",
     "For the transdermal patch the article states no duration at all; the chart says “no range stated”."),
    ("Routes filed together",
     "The article gives one range for nasal sprays and lozenges together, although lozenges are taken by mouth, "
     "and one range for intramuscular and subcutaneous injections together."),
)

def bar_steps(example=None) -> list[str]:
    """How a bar is built, told with ``example`` (a row of ``ranges.plotted_ranges``) when given."""
    low, high = ("a few hours", "a day or two") if example is None else (example.low_phrase, example.high_phrase)
    low, high = md_escape(low), md_escape(high)
    return [
        f"Take the article's sentence for a route, e.g. “{low} to {high}”.",
        f"Split it into a low phrase (“{low}”) and a high phrase (“{high}”); “… or longer” leaves the high end open.",
        "Look both phrases up in the lexicon: each has a conservative, central and generous number of hours.",
        "Draw each end as a hatched band from its conservative to its generous reading.",
        "Draw the solid bar between the two ends at the reading you chose (central by default), "
        "with a diamond at each end.",
        "An open end fades out to the right with “or longer”; a route with no stated range gets no bar.",
    ]

EVIDENCE_METHOD: tuple[tuple[str, str], ...] = (
    ("What was collected",
     "Published studies that bear on how long ketamine's pain relief lasts, route by route: randomised trials, "
     "meta-analyses, pharmacology studies, case series, reviews and guidelines. Each row gives the finding in plain "
     "words, the duration in hours only where the source states one, and a short verbatim excerpt."),
    ("How sure we can be (certainty)",
     "A GRADE-like judgement per study and per verdict: high, moderate, low or very low, shown as ⊕⊕⊕⊕ to ⊕◯◯◯. "
     "Randomised trials start higher; small samples, high risk of bias, indirect settings (volunteers, another "
     "pain, another route) and inconsistent results lower it."),
    ("What a verdict means",
     "For each of the article's claims: supports (the studies' durations fall within the article's range), "
     "overstates (the article's range runs longer than anything measured), understates, contradicts (studies found "
     "no benefit), no data, or the article states no range. Absence of long follow-up is not proof that relief is "
     "short, but it leaves a long claim without support."),
    ("Kinds of numbers",
     "Some stated hours are not measured durations: a time by which a benefit was no longer significant is an upper "
     "bound, a pharmacology model gives an estimate, and a time to the first rescue painkiller is not the whole "
     "duration of relief. Each kind has its own marker on the charts."),
    ("Verified or second-hand",
     "VERIFIED rows were checked against the source's own text (abstract or abstract-level page). SECONDARY rows were "
     "seen only as cited or reposted elsewhere: they are marked in every table, drawn hollow if they state a "
     "duration, and no verdict rests on them alone."),
)


def source_plain(meta: dict) -> str:
    """``source_note`` as plain text (for print footers and files): the source, its kind, not medical advice."""
    return (f"Source: “{meta.get('title', 'the source')}” by {meta.get('author', 'unknown author')}: a "
            f"{meta.get('kind', 'source of unknown kind')}. Not medical advice: it shows what one article claims, "
            "not what a treatment will do for you. Talk to a qualified clinician.")
