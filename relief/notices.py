"""The words pages show about the loaded source: what it is, its caveats, and how a bar is built.

Pure functions: every sentence that describes the source is made here from its
metadata (``article.meta.json``) or its rows, so a page shows the bundled
article's caveats only when the bundled article is loaded and any other source
is described in its own terms. Pages only render what these return.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import quote, urlsplit

import pandas as pd

from .article import md_escape
from .kinds import speaks_of_relief
from .vocabulary import NARROWER, ROUTES

NOT_ADVICE = ("This dashboard is **not medical advice**: it shows what one source claims, "
              "not what a treatment will do for you. Talk to a qualified clinician.")

NOT_ADVICE_MANY = ("This dashboard is **not medical advice**: it shows what several sources claim, side by side, "
                   "not what a treatment will do for you. Talk to a qualified clinician.")


# ---------------------------------------------------------------- small words


def plural(count: int, word: str, many: str | None = None) -> str:
    """'1 route', '3 routes', '2 cohorts', '2 case studies' (a consonant and y: ies); ``many`` for irregular
    plurals. The app's one plural."""
    if count == 1:
        return f"1 {word}"
    if many is None:
        many = word[:-1] + "ies" if re.search(r"[^aeiou]y$", word) else word + "s"
    return f"{count} {many}"


def joined(items: Iterable[str], last: str = "and") -> str:
    """'a', 'a and b', 'a, b and c'."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {last} {items[-1]}"


def _quoted(phrase: str) -> str:
    return f"“{md_escape(phrase)}”"


# ---------------------------------------------------------------- the source and its metadata


def source_note(meta: dict) -> str:
    """One markdown sentence naming the source and its kind, plus the not-medical-advice note."""
    title = md_escape(meta.get("title") or "the source")
    author = md_escape(meta.get("author") or "unknown author")
    publisher = meta.get("publisher")
    by = f"{author}, published by {md_escape(publisher)}" if publisher else author
    kind = md_escape(meta.get("kind") or "source of unknown kind")
    return f"⚠️ **Source:** “{title}” by {by}: a {kind}. {NOT_ADVICE}"


@functools.cache
def _bundled_sha256() -> str:
    path = Path(__file__).resolve().parent.parent / "data" / "article.meta.json"
    return json.loads(path.read_text(encoding="utf-8")).get("sha256", "")


def is_bundled(meta: dict) -> bool:
    """True when the source is the bundled article (so facts written about it, not in its rows, apply)."""
    return meta.get("sha256") == _bundled_sha256()


def safe_link(url: str) -> str | None:
    """``url`` made safe to put in a markdown link, or None when it is not an http(s) address."""
    url = str(url or "").strip()
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return quote(url, safe=":/?#[]@!$&'*+,;=%~-._").replace("(", "%28").replace(")", "%29")


def source_facts(meta: dict) -> list[tuple[str, str]]:
    """What the metadata says about the source, as (label, markdown) pairs; optional fields only when present."""
    facts = [("Title", md_escape(meta.get("title", ""))), ("Author", md_escape(meta.get("author", "")))]
    if meta.get("publisher"):
        facts.append(("Publisher", md_escape(meta["publisher"])))
    facts.append(("Kind", md_escape(meta.get("kind", ""))))
    if meta.get("url"):
        link = safe_link(meta["url"])
        facts.append(("Address", f"[{md_escape(meta['url'])}]({link})" if link else md_escape(meta["url"])))
    if meta.get("accessed"):
        facts.append(("Accessed", md_escape(meta["accessed"])))
    if meta.get("sha256"):
        facts.append(("Text fingerprint (SHA-256)", f"`{md_escape(meta['sha256'])}`"))
    return facts


def about_source(meta: dict) -> str:
    """One sentence on what kind of source this is (the overview's 'what this app is' list)."""
    if is_bundled(meta):
        return ("The article is **a commercial blog post that promotes a ketamine patch**, is not peer reviewed and "
                "cites no studies.")
    return f"The source is described as **{md_escape(meta.get('kind') or 'of unknown kind')}**."


def sidebar_summary(meta: dict, claims: pd.DataFrame, where: str) -> str:
    """The sidebar's line on what is shown: the source by its title (never a server path), with counts."""
    routes = claims["route"].nunique()
    other = ~claims["kind"].map(speaks_of_relief).astype(bool)
    said = plural(int((~other).sum()), "duration claim")
    if other.any():  # an onset, an interval or a course is never counted as a duration of relief
        said += f" and {plural(int(other.sum()), 'other time')} (not how long relief lasts)"
    return (f"Showing “{md_escape(meta.get('title') or 'the source')}” ({md_escape(where)}): "
            f"{said} over {plural(routes, 'route')}, each with its verbatim quote.")


# ---------------------------------------------------------------- what the rows hold


def lexicon_phrases(dataset) -> set[str]:
    lexicon = getattr(dataset, "lexicon", None)
    return set() if lexicon is None or lexicon.empty else set(lexicon["phrase"])


def vague_phrases(dataset) -> list[str]:
    """The lexicon phrases the claims use, in the order they first appear."""
    known = lexicon_phrases(dataset)
    seen: list[str] = []
    for row in dataset.claims.itertuples(index=False):
        for phrase in (row.low_phrase, row.high_phrase):
            if phrase and phrase in known and phrase not in seen:
                seen.append(phrase)
    return seen


def open_ended_claim(claims: pd.DataFrame):
    """The first stated claim with only a lower end, or None."""
    rows = claims[claims["stated"] & claims["open_ended"]]
    return next(rows.itertuples(index=False), None)


def unstated_labels(claims: pd.DataFrame) -> list[str]:
    """Labels of the claims that state no range."""
    return list(claims.loc[~claims["stated"], "label"])


def lumped_codes() -> set[str]:
    """Route codes that stand for two or more routes together (IM or SC), not mere synonyms."""
    narrower = NARROWER.get("route", {})
    return {code for code, codes in narrower.items() if code != "overall" and len(codes) >= 2
            and not any(code in narrower.get(c, ()) for c in codes)}


def lumped_routes(claims: pd.DataFrame) -> list[str]:
    """Sentences, one per lumping: a route code covering several routes, or one passage giving one range for several.

    Markdown, escaped. Empty when the claims file every route separately.
    """
    found: list[str] = []
    for row in claims[claims["route"].isin(lumped_codes())].drop_duplicates("route").itertuples(index=False):
        parts = [ROUTES.get(c, c) for c in NARROWER["route"][row.route]]
        found.append(f"“{md_escape(row.label)}” gives one range for {md_escape(joined(parts))} together.")
    stated = claims[claims["stated"]]
    for _, group in stated.groupby(["quote", "low_phrase", "high_phrase"], sort=False):
        if group["route"].nunique() > 1:
            labels = [f"“{md_escape(label)}”" for label in group.drop_duplicates("route")["label"]]
            found.append(f"One passage gives one range for {joined(labels)} together.")
    return found


# ---------------------------------------------------------------- caveats and method


def caveats(dataset) -> list[tuple[str, str]]:
    """The caveats that apply to the loaded source: only those its metadata or rows give grounds for."""
    meta, claims = dataset.meta, dataset.claims
    out: list[tuple[str, str]] = []
    has_promo = dataset.promo is not None and not dataset.promo.empty
    if has_promo and is_bundled(meta):
        out.append(("A promotional source",
                    "The article is a commercial blog post that promotes the Wellnee ketamine patch. Its patch "
                    "“advantages” and the “preliminary studies” it mentions are marketing claims, listed here as "
                    "such."))
    elif has_promo:
        out.append(("Marketing claims",
                    f"The data lists {plural(len(dataset.promo), 'claim')} from the source as marketing; they are "
                    "shown below as what they are, claims, not findings."))
    if is_bundled(meta):
        out.append(("No references",
                    "The article cites no study for any duration it gives, so none of its ranges can be traced to "
                    "data from it."))
    else:
        out.append(("About this source",
                    f"The data shown comes from “{md_escape(meta.get('title', ''))}”, described as "
                    f"{md_escape(meta.get('kind', ''))}. The dashboard checks that every quote is verbatim; it "
                    "cannot judge whether the source is right."))
    phrases = vague_phrases(dataset)
    open_row = open_ended_claim(claims)
    if phrases:
        examples = [_quoted(phrases[0])]
        if open_row is not None:
            examples.append(f"“{md_escape(open_row.low_phrase)} or longer”")
        elif len(phrases) > 1:
            examples.append(_quoted(phrases[1]))
        out.append(("Vague phrases",
                    f"The source speaks in phrases ({', '.join(examples)}). Turning them into hours is our "
                    "interpretation, shown in the lexicon; each end of a bar is drawn as a band, not a point."))
    if open_row is not None:
        out.append(("Open ends stay open",
                    f"Where the source gives only a lower end (“{md_escape(open_row.low_phrase)} or longer”, for "
                    f"{md_escape(open_row.label)}), the bar fades out to the right rather than stopping at a number "
                    "the source never gave."))
    unstated = unstated_labels(claims)
    if unstated:
        out.append(("No range stated",
                    f"For {joined(md_escape(label) for label in unstated)} the source states no duration at all; "
                    "the chart says “no range stated”."))
    lumped = lumped_routes(claims)
    if lumped:
        out.append(("Routes filed together", " ".join(lumped)))
    return out


def bar_steps(example, open_row=None, unstated_label: str | None = None) -> list[str]:
    """How a bar is built, told with ``example`` (a two-phrase row of ``ranges.plotted_ranges``).

    ``open_row`` (a claim with only a lower end) and ``unstated_label`` (a claim with no range) add the
    last step, told with them. No example, no steps: a page leaves the section out.
    """
    if example is None:
        return []
    low, high = md_escape(example.low_phrase), md_escape(example.high_phrase)
    steps = [
        f"Take the source's sentence for a route, e.g. “{low} to {high}” ({md_escape(example.label)}).",
        f"Split it into a low phrase (“{low}”) and a high phrase (“{high}”)"
        + ("; “… or longer” leaves the high end open." if open_row is not None else "."),
        "Look both phrases up in the lexicon: each has a conservative, central and generous number of hours.",
        "Draw each end as a hatched band from its conservative to its generous reading.",
        "Draw the solid bar between the two ends at the reading you chose (central by default), "
        "with a diamond at each end.",
    ]
    last = []
    if open_row is not None:
        last.append(f"an open end (“{md_escape(open_row.low_phrase)} or longer”) fades out to the right "
                    "with “or longer”")
    if unstated_label:
        last.append(f"a claim with no stated range ({md_escape(unstated_label)}) gets no bar")
    if last:
        text = "; ".join(last)
        steps.append(text[0].upper() + text[1:] + ".")
    return steps


def method_steps(dataset, example) -> list[str]:
    """``bar_steps`` with the open end and the unstated claim drawn from the loaded claims."""
    unstated = unstated_labels(dataset.claims)
    return bar_steps(example, open_ended_claim(dataset.claims), unstated[0] if unstated else None)


def what_this_is(dataset) -> list[str]:
    """The overview's 'what this app is, and is not' list, for the loaded source (markdown)."""
    lines = [
        "It turns **one source** into a table of claims: one row per route and regimen, each with its verbatim "
        "quote. Nothing is added to the source's ranges.",
        f"{about_source(dataset.meta)} Read its ranges as claims, not findings.",
    ]
    if vague_phrases(dataset):
        lines.append("Its vague phrases become hours through a **lexicon that is our interpretation**, shown in full "
                     "on Source & method; you can switch between a conservative, central and generous reading, or "
                     "edit it.")
    lines.append("It is **not medical advice**.")
    return lines


def marketing_intro(dataset) -> str | None:
    """The lead of the marketing-claims section, or None when the data has no marketing rows."""
    if dataset.promo is None or dataset.promo.empty:
        return None
    if is_bundled(dataset.meta):
        return ("The article lists these patch “advantages” and mentions “preliminary studies” without naming any. "
                "They are shown as what they are: **unreferenced marketing claims**, not findings.")
    return ("The data lists these passages of the source as marketing. They are shown as what they are: "
            "**marketing claims**, not findings.")


def mechanism_lead(dataset) -> str:
    """The mechanism page's lead: what the source says ketamine acts on, from its rows."""
    rows = dataset.mechanisms
    if rows is None or rows.empty:
        return "What the source says ketamine acts on, with its words."
    parts = []
    for kind, verb in (("blocks", "blocks"), ("modulates", "modulates")):
        targets = [md_escape(t) for t in rows.loc[rows["kind"] == kind, "target"]]
        if targets:
            parts.append(f"{verb} {joined(targets)}")
    others = [md_escape(f"{r.kind} {r.target}") for r in rows.itertuples(index=False)
              if r.kind not in ("blocks", "modulates")]
    parts += others
    lead = f"The source says ketamine {joined(parts)}."
    if is_bundled(dataset.meta):
        lead += " It gives no detail or source for any of them."
    return lead


def evidence_lead(meta: dict) -> str:
    return (("The article cites no studies. " if is_bundled(meta) else "")
            + "Here is what published research measured for each of the source's claims, in a summary-of-findings "
              "table, with how sure we can be and a link to every source.")


EVIDENCE_METHOD: tuple[tuple[str, str], ...] = (
    ("What was collected",
     "Published studies that bear on how long ketamine's pain relief lasts, route by route: randomised trials, "
     "meta-analyses, pharmacology studies, case series, reviews and guidelines. Each row gives the finding in plain "
     "words, the duration in hours only where the source states one, and a short verbatim excerpt."),
    ("How sure we can be (certainty)",
     "A GRADE-like judgement per finding and per verdict: high, moderate, low or very low, shown as ⊕⊕⊕⊕ to ⊕◯◯◯. "
     "How a verdict's certainty is set is one of the written rules below."),
    ("What a verdict means",
     "Each end of a claim's range is judged on its own, by written rules that run as code (below, in the words "
     "the code carries): supported, overstated, understated or not tested. Every end of every claim of any "
     "source is judged the same way; reviewers add reasons in words and, rarely, override a label with the "
     "source's own words, shown as an override. Absence of long follow-up is not proof that relief is short: "
     "it leaves a long claim not tested."),
    ("Counting participants",
     "Publications that report the same participants (for example a trial and a later model fitted to it) share a "
     "cohort and are counted once. Healthy volunteers are counted apart from patients; animal and laboratory "
     "studies are not counted. Reviews, meta-analyses and guidelines pool other studies' participants, often "
     "including trials that have rows of their own, so they are counted apart and their participants are never "
     "added to the other publications' (the largest review's count is shown)."),
    ("Kinds of numbers",
     "Some stated hours are not measured durations: a time by which a benefit was no longer significant is an upper "
     "bound, a pharmacology model gives an estimate, and a time to the first rescue painkiller is not the whole "
     "duration of relief. Each kind has its own marker on the charts."),
    ("Verified or second-hand",
     "VERIFIED rows were checked against the source's own text (abstract or abstract-level page). SECONDARY rows were "
     "seen only as cited or reposted elsewhere: they are marked in every table, drawn hollow if they state a "
     "duration, and a verdict resting on them goes down a level for indirectness."),
)


def source_plain(meta: dict) -> str:
    """``source_note`` as plain text (for print footers and files): the source, its kind, not medical advice."""
    return (f"Source: “{meta.get('title', 'the source')}” by {meta.get('author', 'unknown author')}: a "
            f"{meta.get('kind', 'source of unknown kind')}. Not medical advice: it shows what one article claims, "
            "not what a treatment will do for you. Talk to a qualified clinician.")


def article(noun: str) -> str:
    """'a' or 'an' before ``noun`` (by its first letter)."""
    return "an" if noun[:1].lower() in "aeiou" else "a"


def what_it_is(meta: dict, category: str, most_words: int | None = None) -> str:
    """What a source is, in a few words: the first clause of its metadata's ``kind`` without asides in brackets
    ("commercial blog post promoting the Wellnee patch"), else (or when that is longer than ``most_words``) its
    category with an article ("an explainer")."""
    kind = re.sub(r"\s*\([^()]*\)", "", str(meta.get("kind") or "")).split(";")[0].strip()
    if kind and (most_words is None or len(kind.split()) <= most_words):
        return kind
    return f"{article(category)} {category}"


SHORT_WORDS = 8  # a slide's note: what each source is in at most this many words, else its category


def sources_note(sources, short: bool = False) -> str:
    """One markdown sentence naming what each compared source is, plus the not-medical-advice note; ``short`` for
    a slide, where a long description becomes the source's category ("a guideline")."""
    words = SHORT_WORDS if short else None
    said = "; ".join(f"{md_escape(s.glyph)} **{md_escape(s.name)}**: {md_escape(what_it_is(s.meta, s.what, words))}"
                     + (", its publisher sells the treatment" if s.meta.get("sells_treatment") is True else "")
                     + (f", seen through {md_escape(s.meta['via'])}" if s.meta.get("via") else "")
                     for s in sources)
    return f"⚠️ **Sources:** {said}. {NOT_ADVICE_MANY}"
