"""The view a user can share: page state to and from the URL query string.

A :class:`ViewSpec` lists a page's fields (name = query parameter, kind,
choices, default). :meth:`ViewSpec.parse` turns a query into values plus
human notices for anything ignored; :meth:`ViewSpec.encode` gives the compact
query for values (defaults are left out, lists are comma-joined codes).
Nothing here imports Streamlit.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .durations import UNIT_CHOICES
from .vocabulary import CERTAINTY, DESIGNS, EFFECTS, PAIN_CONTEXTS, READINGS, REGIMENS, ROUTES, labels

MAX_VALUE_LENGTH = 200
MAX_SHOWN = 40
MAX_NOTICES = 5
NONE_TOKEN = "none"
TRUE_WORDS = ("1", "true", "yes", "on")
FALSE_WORDS = ("0", "false", "no", "off")
ONE, MANY, FLAG, TEXT = "one", "many", "flag", "text"
MAX_TEXT_LENGTH = 2000

# Parameters owned by the app as a whole rather than by one page (``app_view``): "lex" (edited lexicon readings),
# "present" (presentation mode), "notes" (speaker notes in presentation mode), "data" (which upload is shown).
GLOBAL_KEYS: frozenset[str] = frozenset({"lex", "present", "notes", "data"})


@dataclass(frozen=True)
class Field:
    name: str
    kind: str
    label: str
    default: Any
    choices: tuple[str, ...] = ()
    labels: Mapping[str, str] = field(default_factory=dict)
    help: str = ""
    max_length: int = MAX_VALUE_LENGTH

    def label_of(self, code: str) -> str:
        return self.labels.get(code, code)


def _shown(value: str) -> str:
    value = value.replace("\n", " ")
    return value if len(value) <= MAX_SHOWN else value[: MAX_SHOWN - 1] + "…"


@dataclass(frozen=True)
class ViewSpec:
    page: str
    fields: tuple[Field, ...]

    def __getitem__(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)

    @property
    def names(self) -> list[str]:
        return [f.name for f in self.fields]

    def defaults(self) -> dict[str, Any]:
        return {f.name: (list(f.default) if f.kind == MANY else f.default) for f in self.fields}

    def parse(self, query: Mapping[str, str | Sequence[str]], known_elsewhere: frozenset[str] = frozenset()
              ) -> tuple[dict[str, Any], list[str]]:
        """Values for every field (defaults where absent or invalid) and notices for what was ignored.

        ``known_elsewhere``: parameter names other pages or the app own; they are
        left alone rather than reported as unknown.
        """
        values = self.defaults()
        notices: list[str] = []
        for key, raw in query.items():
            if key not in self.names:
                if key not in known_elsewhere and key not in GLOBAL_KEYS:
                    notices.append(f"Ignored unknown parameter “{_shown(key)}”.")
                continue
            f = self[key]
            given = [raw] if isinstance(raw, str) else list(raw)
            text = given[-1] if given else ""
            if len(text) > f.max_length:
                notices.append(f"Ignored “{f.name}”: the value is too long ({len(text)} characters).")
                continue
            value, notice = self._parse_field(f, text.strip())
            if notice:
                notices.append(notice)
            if value is not None:
                values[f.name] = value
        if len(notices) > MAX_NOTICES:
            notices = [*notices[:MAX_NOTICES], f"…and {len(notices) - MAX_NOTICES} more."]
        return values, notices

    @staticmethod
    def _parse_field(f: Field, text: str) -> tuple[Any, str | None]:
        expected = ", ".join(f.choices)
        if f.kind == TEXT:
            return text, None
        if f.kind == FLAG:
            word = text.lower()
            if word in TRUE_WORDS:
                return True, None
            if word in FALSE_WORDS:
                return False, None
            return None, f"Ignored “{f.name}={_shown(text)}”: expected 1 or 0; showing the default."
        if f.kind == ONE:
            word = text.lower()
            if word in f.choices:
                return word, None
            return None, f"Ignored “{f.name}={_shown(text)}”: expected one of {expected}; showing the default."
        # MANY
        if text.lower() == NONE_TOKEN:
            return [], None
        tokens = [t.strip().lower() for t in text.split(",") if t.strip()]
        good = [c for c in f.choices if c in tokens]
        bad = [t for t in tokens if t not in f.choices]
        if not good:
            return None, f"Ignored “{f.name}={_shown(text)}”: expected some of {expected}; showing the default."
        notice = None
        if bad:
            shown = ", ".join(_shown(b) for b in bad)
            notice = f"Ignored unknown {f.name} value(s) {shown}; expected some of {expected}."
        return good, notice

    def encode(self, values: Mapping[str, Any]) -> dict[str, str]:
        """The compact query for ``values``: defaults left out, codes in choice order."""
        query: dict[str, str] = {}
        for f in self.fields:
            value = values.get(f.name, f.default)
            if f.kind == MANY:
                chosen = [c for c in f.choices if c in set(value or [])]
                if chosen == [c for c in f.choices if c in set(f.default)]:
                    continue
                query[f.name] = ",".join(chosen) if chosen else NONE_TOKEN
            elif f.kind == FLAG:
                if bool(value) != bool(f.default):
                    query[f.name] = "1" if value else "0"
            elif f.kind == TEXT:
                if value and value != f.default:
                    query[f.name] = value
            elif value != f.default and value in f.choices:
                query[f.name] = value
        return query


def _present(codes: Sequence[str], vocabulary: Mapping[str, str]) -> tuple[str, ...]:
    """Vocabulary codes that occur in the data, in vocabulary order, then codes the data folder declared itself
    (in vocabulary.csv) in data order: no claim is ever left out of the filters."""
    found = set(codes)
    return (*(c for c in vocabulary if c in found), *dict.fromkeys(c for c in codes if c not in vocabulary))


def _reading() -> Field:
    return Field("reading", ONE, "Lexicon reading", "central", tuple(READINGS), READINGS,
                 "How to turn the source's vague phrases into hours. See the lexicon on the Source & method page.")


def explorer_view(claims, with_evidence: bool = False, vocabulary=None) -> ViewSpec:
    """The explorer's settings; ``with_evidence`` adds the published-evidence toggle; ``vocabulary`` (a data
    folder's vocabulary.csv) labels the codes it declares."""
    route_labels, regimen_labels, context_labels = (labels(d, vocabulary) for d in ("route", "regimen",
                                                                                      "pain_context"))
    routes = _present(claims["route"], ROUTES)
    regimens = _present(claims["regimen"], REGIMENS)
    contexts = _present(claims["pain_context"], PAIN_CONTEXTS)
    return ViewSpec("explorer", (
        Field("routes", MANY, "Routes", routes, routes, route_labels),
        Field("regimen", MANY, "Regimen", regimens, regimens, regimen_labels,
              "Single dose, series and so on, as the source states them; “Not stated” where it states none."),
        Field("pain", MANY, "Pain context", contexts, contexts, context_labels,
              "The kind of pain each claim is about, as the source states it; “Not stated” where it states none."),
        _reading(),
        Field("unit", ONE, "Time unit", "auto", tuple(UNIT_CHOICES), UNIT_CHOICES),
        Field("axis", ONE, "Axis", "log", ("log", "linear"), {"log": "Log", "linear": "Linear"},
              "A log axis shows hours and months side by side; a linear axis shows true proportions."),
        Field("quotes", FLAG, "Show quotes", True,
              help="Show the source's verbatim words in the hover and under the chart."),
        *([Field("evidence", FLAG, "Show published evidence", False,
                 help="Draw what published studies measured on a row of its own under each claim.")]
          if with_evidence else []),
    ))


def evidence_view(evidence) -> ViewSpec:
    """The Evidence page's filters: route, design and certainty of the studies."""
    routes = _present(evidence["route"], ROUTES)
    designs = _present(evidence["design"], DESIGNS)
    certainties = _present(evidence["certainty"], CERTAINTY)
    return ViewSpec("evidence", (
        Field("route", MANY, "Route", routes, routes, ROUTES),
        Field("design", MANY, "Design", designs, designs, DESIGNS),
        Field("certainty", MANY, "Certainty", certainties, certainties, CERTAINTY),
    ))


def factors_view(factors) -> ViewSpec:
    ids = tuple(factors["factor_id"])
    effects = _present(factors["effect_on_duration"], EFFECTS)
    return ViewSpec("factors", (
        Field("factor", ONE, "Focus on", ids[0] if ids else "", ids, dict(zip(ids, factors["factor"], strict=True))),
        Field("effect", MANY, "Effect on duration", effects, effects, EFFECTS),
        _reading(),
    ))


def compare_view(choices: Mapping[str, tuple[Sequence[str], Mapping[str, str]]]) -> ViewSpec:
    """According to whom: which sources (all by default) and the usual filters. ``choices`` is
    ``compare.choices(library)``: for each field, the codes on offer and their labels."""
    def many(name: str, label: str, help_: str = "") -> Field:
        codes, names = choices[name]
        return Field(name, MANY, label, tuple(codes), tuple(codes), dict(names), help_)

    return ViewSpec("compare", (
        many("sources", "Sources", "Who says it: every source of the library, and your own upload when you gave "
                                   "one. Each is marked by its shape and name."),
        many("routes", "Routes"),
        many("regimen", "Regimen", "Single dose, series and so on, as each source states them; “Not stated” where "
                                   "it states none."),
        many("pain", "Pain context", "The kind of pain each claim is about, as the source states it."),
        _reading(),
        Field("studies", FLAG, "Show published studies", True,
              help="Draw what published studies measured on a row of its own under each route."),
    ))


def talk_view(scene_count: int) -> ViewSpec:
    """The talk page: which scene is shown (1-based, as people count)."""
    numbers = tuple(str(i) for i in range(1, max(scene_count, 1) + 1))
    return ViewSpec("talk", (Field("scene", ONE, "Scene", "1", numbers),))



def app_view() -> ViewSpec:
    """The app-wide settings every page carries: presentation mode, speaker notes, the edited lexicon."""
    return ViewSpec("app", (
        Field("present", FLAG, "Presentation mode", False),
        Field("notes", FLAG, "Speaker notes", False),
        Field("lex", TEXT, "Edited lexicon readings", "", max_length=MAX_TEXT_LENGTH),
        Field("data", TEXT, "Uploaded data set", "", max_length=64),
    ))


# ---------------------------------------------------------------- the address and the browser history
#
# The address is the state, both ways. Each run reads every scope's view (the app's and the page's) from the
# address; the session remembers, per scope, the query it last agreed with the address on ("seen").
#  - A session's first run (an opened link, a reload, a reconnect), or Back / Forward that moved the address
#    away from what was seen: the address wins and the widgets are set from it.
#  - Otherwise the session wins (a widget or button changed the view); the new query is written to the
#    address once at the end of the run, and Streamlit pushes one history entry for it (a replace while the
#    run answers a Back / Forward).
#  - Links to a page carry its remembered view and the app-wide settings, so a page switch and back shows
#    the view the user left, in one history entry.


def scope_query(query: Mapping[str, str | Sequence[str]], names: Sequence[str] | frozenset[str]
                ) -> dict[str, str | list[str]]:
    """The part of ``query`` a scope owns."""
    return {k: v for k, v in query.items() if k in names}


def address_wins(address: Mapping[str, str], seen: Mapping[str, str] | None, history_navigation: bool) -> bool:
    """Whether this run takes the scope's view from the address rather than from the session.

    Yes on the session's first run (a link, a reload) and when the browser's Back or Forward moved the address.
    No otherwise, even when the address differs from what the session last wrote: a click sent before the
    browser applied the previous run's address carries the old address, and the click must win.
    """
    return seen is None or (history_navigation and dict(address) != dict(seen))


def normalised(query: Mapping[str, str | Sequence[str]]) -> dict[str, str | list[str]]:
    """A query with one-value lists as plain strings, for comparing what Streamlit and we hold."""
    out: dict[str, str | list[str]] = {}
    for k, v in query.items():
        values = [v] if isinstance(v, str) else list(v)
        out[k] = values[0] if len(values) == 1 else values
    return out


def next_query(current: Mapping[str, str | Sequence[str]], owned: frozenset[str],
               wanted: Mapping[str, str], keep_others: bool) -> dict[str, str | list[str]]:
    """The address after this run: the scopes' encoded views, plus (on pages without settings) what else it had.

    A page with settings reports unknown parameters and drops them; a page without settings leaves
    parameters it does not own alone.
    """
    kept = {k: v for k, v in normalised(current).items() if k not in owned} if keep_others else {}
    return {**kept, **wanted}


def needs_write(current: Mapping[str, str | Sequence[str]], wanted: Mapping[str, str | Sequence[str]]) -> bool:
    """Write (and so push one history entry) only when the address would change."""
    return normalised(current) != normalised(wanted)


def link_query(*encoded: Mapping[str, str]) -> dict[str, str]:
    """The query a link to a page carries: the app-wide settings and that page's remembered view."""
    out: dict[str, str] = {}
    for part in encoded:
        out.update(part)
    return out


def nudge(f: Field, value: str, by: int) -> str:
    """The choice ``by`` steps from ``value`` in a one-of field, clamped at both ends (the talk's scenes)."""
    if not f.choices:
        return value
    index = f.choices.index(value) if value in f.choices else 0
    return f.choices[min(max(index + by, 0), len(f.choices) - 1)]
