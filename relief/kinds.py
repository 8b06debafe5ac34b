"""The kinds of claim a source makes about time: one record per kind, read by every module that knows kinds.

A claim's ``kind`` says what its number is: how long relief lasts (``duration``), a bound on it, when relief
starts, or a time that is not relief at all (the interval between treatments, the length of a course). Each
record says, for its kind:

- which phrases it takes (``phrases``): none, one number in ``low_phrase``, a range (two phrases, or a range
  in ``low_phrase``), or either one number or a range;
- its ends: which ends of relief it states for judging (``relief_ends``), whether its high end is open
  (``open_end``) and whether it draws a bar of relief (``bar``);
- how it is drawn (``draw``: a bar, a fading tail, a capped lead-in, a point or a span, with its ``symbol``,
  ``dash`` and ``legend``) and the words around its phrase (``around``, e.g. "up to {}");
- its plain words (``words``), the chart key's sentence (``key``) and how the text alternative says it is
  drawn (``drawn_as``);
- ``judged_as``: which findings may judge it: ``"relief"`` (how long relief lasted), ``"onset"``, or ``None``
  (never judged).

Only a kind judged as relief is ever drawn, counted or judged as relief that lasted: an interval between
treatments is not how long relief lasts. Adding a kind is adding one record to ``KINDS``. Pure: no imports
beyond the standard library.
"""

from __future__ import annotations

from dataclasses import dataclass

PHRASES = ("none", "one", "range", "one_or_range")
"""What phrases a kind takes: none; one number in low_phrase; a range (low and high phrase, or a range in
low_phrase); one number or a range."""

DRAWS = ("bar", "tail", "cap", "point", "span", "unstated")
"""How a kind is drawn: a bar between two ends of relief, a tail fading out to the right (an open end), a pale
lead-in to a capped end ("up to"), a point, a thin span (not a bar) between two times, or the words
"no range stated"."""

JUDGED_AS = ("relief", "onset", None)


@dataclass(frozen=True)
class ClaimKind:
    """One kind of claim (see the module's docstring for what each field means)."""

    code: str
    words: str
    """Plain words: what a claim of this kind says ("relief lasts up to this long (an upper bound)")."""
    phrases: str
    judged_as: str | None
    draw: str
    relief_ends: tuple[bool, bool] = (False, False)
    """Which ends of relief (lower, upper) the claim states: the ends a verdict judges."""
    open_end: bool = False
    """Its high end is open ("or longer")."""
    around: str = ""
    """The words around its phrase or hours ("up to {}", "every {}"); empty: the phrases speak for themselves."""
    symbol: str = ""
    """Its marker on a chart (a plotly symbol), for a point or a span."""
    size: float = 15
    dash: str = "solid"
    """The line of a span (a plotly dash): each kind drawn as a span has its own."""
    legend: str = ""
    """The name of its mark in a chart."""
    key: str = ""
    """The chart key's sentence for its mark."""
    drawn_as: str = ", drawn as {}"
    """How the chart's text alternative says it is drawn; ``{}`` is the reading in words."""
    example: str = ""
    """What a source says, e.g. '"up to 3 months"' (the data README and the starter's how-to)."""
    low_none: bool = False
    """Whether its range's low end may be none (claims column ``low_none``: "no relief for some")."""
    cues: tuple[str, ...] = ()
    """Words that, just before a phrase in a quote, say the source states this kind ("every" 90 days): the checker
    warns when a claim of a kind about relief has them before its phrase."""

    def __post_init__(self) -> None:
        if self.phrases not in PHRASES or self.draw not in DRAWS or self.judged_as not in JUDGED_AS:
            raise ValueError(f"claim kind {self.code!r}: phrases, draw or judged_as is not one of the known values")

    @property
    def relief(self) -> bool:
        """Whether a claim of this kind speaks of how long relief lasts (and so may be counted and judged so)."""
        return self.judged_as == "relief"

    @property
    def stated(self) -> bool:
        """Whether a claim of this kind states a time at all."""
        return self.phrases != "none"

    @property
    def two_ends(self) -> bool:
        """Whether it may state a range (both ends)."""
        return self.phrases in ("range", "one_or_range")

    @property
    def mark(self) -> str:
        """The name of the mark that draws it (point and span kinds: the kind's own; others: the way drawn)."""
        return {"bar": "bar", "tail": "tail", "cap": "cap", "unstated": "unstated"}.get(self.draw, self.code)


KINDS: dict[str, ClaimKind] = {
    kind.code: kind for kind in (
        ClaimKind("duration", "relief lasts this long", "range", "relief", "bar", relief_ends=(True, True),
                  legend="Claimed range (chosen reading)", key="Solid bar: the claimed duration.",
                  example="“a few hours to a day or two”, “3–7 days”", low_none=True),
        ClaimKind("upper_bound", "relief lasts up to this long (an upper bound)", "one", "relief", "cap",
                  relief_ends=(False, True), around="up to {}", legend="Upper bound (“up to”)",
                  key="Pale fade to a capped end marked “up to”: an upper bound, not a duration.",
                  drawn_as=", drawn as {}: a capped end that fades in from the left, not a bar",
                  example="“up to 3 months”"),
        ClaimKind("lower_bound", "relief lasts at least this long (open end)", "one", "relief", "tail",
                  relief_ends=(True, False), open_end=True, around="{} or longer", legend="Open end (“or longer”)",
                  key="Fading tail marked “or longer ▶” (▶ alone beside a long row name): a lower bound, "
                      "no upper end given.",
                  drawn_as=", drawn as {}, fading out to the right",
                  example="“at least 24 hours”, “several months or longer”"),
        ClaimKind("onset", "relief starts within this time (onset, not a duration)", "one_or_range", "onset", "span",
                  around="relief within {}", symbol="star", size=17, dash="solid",
                  legend="Onset (relief starts within)",
                  key="Star: when relief starts (an onset), not how long it lasts; two stars joined by a thin line: "
                      "an onset range.",
                  drawn_as=", drawn as a star, {} (when relief starts, not how long it lasts)",
                  example="“relief within 2 hours”, “onset 10–30 mins” (when it starts, not how long it lasts)",
                  cues=("onset", "onset of", "onset is", "begins within", "starts within")),
        ClaimKind("gone_by", "relief was gone by this time", "one", "relief", "point", relief_ends=(False, True),
                  around="gone by {}", symbol="x", size=15, legend="Relief gone by",
                  key="✕: relief had ended by this time.",
                  drawn_as=", drawn as a point, {} (relief had ended by then)",
                  example="“no longer observed at 24 hours”"),
        ClaimKind("not_stated", "no duration stated", "none", None, "unstated", drawn_as=", so no bar is drawn",
                  key="“no range stated”: the source gives no duration.",
                  example="nothing about duration (the transdermal patch)"),
        ClaimKind("interval", "time between treatments (an interval, not how long relief lasts)", "one_or_range", None,
                  "span", around="every {}", symbol="circle-open-dot", size=15, dash="dot",
                  legend="Interval between treatments (not relief)",
                  key="Open circles on a dotted line, “every …”: the time between treatments, not how long relief "
                      "lasts.",
                  drawn_as=", drawn as open circles on a dotted line, {} (the time between treatments, not how long "
                           "relief lasts)",
                  example="“infusions every 90 days”", cues=("every", "once every", "repeated every")),
        ClaimKind("course", "how long a course of treatment is given (not how long relief lasts)", "one_or_range",
                  None, "span", around="given over {}", symbol="square-open", size=14, dash="dash",
                  legend="Course length: treatment given over (not relief)",
                  key="Open squares on a dashed line, “given over …”: how long a course of treatment is given, not "
                      "how long relief lasts.",
                  drawn_as=", drawn as open squares on a dashed line, {} (how long the course is given, not how long "
                           "relief lasts)",
                  example="“administered over 4 to 5 days”", cues=("over", "course of", "course lasting")),
        ClaimKind("action", "how long one dose acts (duration of action, not relief after a course)", "one_or_range",
                  None, "span", around="one dose acts for {}", symbol="triangle-right-open", size=15, dash="dashdot",
                  legend="Duration of action of one dose",
                  key="Open triangles on a dash-dot line, “one dose acts for …”: how long a single dose acts, said "
                      "apart from how long relief lasts.",
                  drawn_as=", drawn as open triangles on a dash-dot line, {} (how long one dose acts)",
                  example="“duration of action is 15 minutes to 2 hours”",
                  cues=("duration of action is", "duration of action", "acts for")),
        ClaimKind("peak", "time to the peak effect (not how long relief lasts)", "one_or_range", None, "span",
                  around="peak at {}", symbol="triangle-up", size=15, dash="longdash",
                  legend="Peak effect (not relief)",
                  key="Upward triangle, “peak at …”: when the effect peaks, not how long it lasts.",
                  drawn_as=", drawn as an upward triangle, {} (when the effect peaks, not how long it lasts)",
                  example="“peak 90 seconds”", cues=("peak", "peak at", "peaks at", "peaking at", "peak effect at")),
    )
}
"""Every kind of claim, in display order."""


def kind(code: str) -> ClaimKind:
    """The record of a kind (KeyError for an unknown code: the schema refuses those first)."""
    return KINDS[code]


def codes(*, relief: bool | None = None, draw: str | None = None, phrases: str | None = None) -> tuple[str, ...]:
    """The codes of the kinds that match every given condition, in display order."""
    return tuple(k.code for k in KINDS.values()
                 if (relief is None or k.relief == relief) and (draw is None or k.draw == draw)
                 and (phrases is None or k.phrases == phrases))


def is_relief(code: str) -> bool:
    """Whether a claim of kind ``code`` speaks of how long relief lasts (unknown codes: no)."""
    found = KINDS.get(code)
    return found is not None and found.relief


def speaks_of_relief(code: str) -> bool:
    """Whether a claim of kind ``code`` speaks of how long relief lasts, or says the source states no duration:
    the claims a count of durations, the one-line answer and the studies beside a claim may use."""
    found = KINDS.get(code)
    return found is not None and (found.relief or not found.stated)


def relief_ends(code: str) -> tuple[bool, bool]:
    """The ends of relief (lower, upper) a claim of kind ``code`` states, which a verdict judges."""
    found = KINDS.get(code)
    return (False, False) if found is None else found.relief_ends


def plain_words() -> dict[str, str]:
    """Each kind's plain words, by code (the vocabulary of the ``kind`` column)."""
    return {k.code: k.words for k in KINDS.values()}
