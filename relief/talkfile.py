"""The whole talk as one offline file: every scene in one self-contained HTML page. No Streamlit here.

A presenter whose network fails still gives the talk: plotly.js is inlined once, every scene's chart is embedded
as plotly JSON (drawn in the light export style), and a few lines of script move between scenes with the arrow
keys (Page Up / Page Down for clickers, Home / End), show the speaker notes with N, and keep the scene in the
address's ``#`` so a reload stays put. Printed, it gives one scene per page. Every scene carries its source note
and the not-medical-advice note.

Without scripts (a mail or chat preview, QuickLook, a locked-down browser) the file still reads whole: every scene
is shown one under the other, each chart as a static SVG image made when the file was built (``relief.images``;
where the server cannot make images, a sentence says so and the scene's claims still follow as text), and the
verdict lines as text. Scenes are hidden and charts drawn live only once the first script has marked the page.
"""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime

from plotly.offline import get_plotlyjs

from . import charts, images, notices, views
from .article import html_text as _e  # the one HTML escaper
from .dataset import Dataset

PLOT_CONFIG = {"displaylogo": False, "responsive": True, "displayModeBar": False}


def file_name(when: datetime | None = None) -> str:
    return f"ketamine-relief_talk_{(when or datetime.now(UTC)).strftime('%Y-%m-%d')}.html"


def _script_json(value: object) -> str:
    """JSON safe inside a ``<script>`` element (no ``</script>`` or ``<!--`` can end it early)."""
    return json.dumps(value, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e")


def _static_image(figure, description: str) -> str:
    """The chart as an SVG image for a reader without scripts, or a sentence saying why there is none."""
    try:
        svg = images.RENDERER.render(figure, "svg", width=1200, height=int(figure.layout.height or 460), scale=1)
    except images.ImageError as error:
        return f'<p class="static">The chart could not be drawn into this file ({_e(error)}); its claims follow.</p>'
    data = base64.b64encode(svg).decode()
    return f'<img class="static" alt="{_e(description)}" src="data:image/svg+xml;base64,{data}">'


def _scene_html(number: int, total: int, row, view: views.View, source: str,
                with_images: bool = True) -> tuple[str, dict | None]:
    chart = None
    parts = [f'<section class="scene" id="scene-{number}" data-scene="{number}" '
             f'aria-label="Scene {number} of {total}">',
             f'<p class="count">Scene {number} / {total}</p>',
             f"<h1>{_e(row.title)}</h1>",
             f'<p class="takeaway">{_e(row.takeaway)}</p>']
    if view.figure is not None:
        figure = views.fit_for_slide(view.figure)
        chart = json.loads(figure.to_json())
        parts.append(f'<div class="chart" id="chart-{number}" role="img" aria-label="{_e(view.description)}"></div>')
        if with_images:
            parts.append(_static_image(figure, view.description))
    if view.verdicts:
        parts.append('<ul class="verdicts" aria-label="What the studies say">'
                     + "".join(f"<li>{_e(line)}</li>" for line in view.verdicts) + "</ul>")
    if view.items:
        parts.append('<div class="items">' + "".join(f'<p class="item"><b>{_e(claim)}</b>: “{_e(quote)}”</p>'
                                                     for claim, quote in view.items) + "</div>")
    if row.quote:
        parts.append(f"<blockquote>“{_e(row.quote)}”</blockquote>")
    if row.notes:
        parts.append(f'<aside class="notes"><b>Speaker notes.</b> {_e(row.notes)}</aside>')
    if view.sources:  # a scene of several sources names every one of them
        source = (f"Sources: {view.sources}. Not medical advice: it shows what several sources claim, not what a "
                  "treatment will do for you. Talk to a qualified clinician.")
    parts.append(f'<p class="source">{_e(source)}</p></section>')
    return "\n".join(parts), chart


STYLE = """
:root { --ink: #1F2933; --muted: #52606D; --paper: #FFFFFF; --rule: #CBD2D9; }
* { box-sizing: border-box; }
html, body { margin: 0; background: var(--paper); color: var(--ink);
  font-family: "Source Sans Pro", Arial, sans-serif; }
main { padding: 2vh 4vw; }
.scene { display: block; margin-bottom: 4vh; }
.js .scene { display: none; min-height: 96vh; margin: 0; }
.js .scene.current, .js body.drawing .scene { display: block; }
.static { display: block; max-width: 100%; height: auto; }
.js .static, .js .verdicts { display: none; }  /* the live chart says it, on hover and in its legend */
.verdicts { font-size: clamp(0.9rem, 2vh, 1.4rem); margin: 0.4em 0; padding-left: 1.2em; }
h1 { font-size: clamp(1.5rem, 5vh, 3.4rem); margin: 0.2em 0; }
.takeaway { font-size: clamp(1rem, 2.8vh, 2rem); font-weight: 600; margin: 0.3em 0 0.6em; }
.count { color: var(--muted); margin: 0; font-size: clamp(0.8rem, 1.8vh, 1.2rem); }
.chart { width: 100%; }
.item, blockquote { font-size: clamp(0.95rem, 2.2vh, 1.6rem); }
blockquote { border-left: 4px solid var(--rule); margin: 0.6em 0; padding: 0.2em 1em; color: var(--ink); }
.source { font-size: clamp(0.75rem, 1.6vh, 1.1rem); color: var(--muted); border-top: 1px solid var(--rule);
  padding-top: 0.4em; }
.notes { display: none; background: #FFF8E1; border: 1px solid #E0C068; padding: 0.6em 1em;
  font-size: clamp(0.9rem, 2vh, 1.4rem); }
body.show-notes .notes { display: block; }
.keys { position: fixed; right: 1vw; top: 0.5vh; color: var(--muted); font-size: 0.8rem; }
.sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
@media print {
  @page { size: landscape; margin: 10mm; }
  main { padding: 0; }
  .js .scene, .scene { display: block !important; min-height: 0; break-after: page; page-break-after: always;
    break-inside: avoid; }
  .scene:last-of-type { break-after: auto; page-break-after: auto; }
  .keys { display: none; }
  .chart .main-svg { width: 100% !important; height: auto !important; }
  .chart .svg-container { width: 100% !important; height: auto !important; position: relative; }
  .chart .svg-container > .main-svg:first-of-type { position: relative !important; }
  .chart .main-svg { top: 0; left: 0; max-height: 50vh; }
  .scene:has(.items .item:nth-child(5)) .chart .main-svg { max-height: 24vh; }  /* many claims: a shorter chart */
  .scene:has(.items .item:nth-child(5)) .notes { font-size: 7.5pt; }
  .scene:has(.items .item:nth-child(5)) .source { font-size: 6.5pt; }
  .js .verdicts { display: block; }
  .verdicts, .notes, .item, blockquote { font-size: 9pt; margin: 3pt 0; }
  /* a scene of many claims (several sources side by side) still fits its page: its quotes and verdicts in two
     columns of smaller type */
  .items, .verdicts { columns: 2; column-gap: 14pt; }
  .items .item, .verdicts li { font-size: 7pt; break-inside: avoid; margin: 0 0 1pt; }
}
"""

SCRIPT = """
(() => {
  const charts = JSON.parse(document.getElementById('talk-charts').textContent);
  const scenes = [...document.querySelectorAll('.scene')];
  // Every SVG plotly draws gets a viewBox of its own size (nothing changes on screen), kept in step as plotly
  // redraws, so the print stylesheet can scale the charts to the paper.
  let queued = false;
  const boxed = () => {
    queued = false;
    document.querySelectorAll('.chart .main-svg').forEach(svg => {
      const w = svg.getAttribute('width'), h = svg.getAttribute('height'), box = `0 0 ${w} ${h}`;
      if (w && h && svg.getAttribute('viewBox') !== box) {
        svg.setAttribute('viewBox', box);
        svg.setAttribute('preserveAspectRatio', 'xMinYMin meet');
      }
    });
  };
  new MutationObserver(() => { if (!queued) { queued = true; requestAnimationFrame(boxed); } })
    .observe(document.body, {subtree: true, childList: true, attributes: true, attributeFilter: ['width', 'height']});
  let current = 1;
  const show = n => {
    current = Math.min(Math.max(n, 1), scenes.length);
    scenes.forEach(s => s.classList.toggle('current', Number(s.dataset.scene) === current));
    const el = document.getElementById(`chart-${current}`);
    if (el && el.data) Plotly.Plots.resize(el);
    document.title = `${current} / ${scenes.length} · ` + TITLE;
    if (location.hash !== `#${current}`) history.replaceState(null, '', `#${current}`);
  };
  document.addEventListener('keydown', e => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const moves = {ArrowRight: 1, ArrowDown: 1, PageDown: 1, ' ': 1, ArrowLeft: -1, ArrowUp: -1, PageUp: -1};
    if (e.key in moves) { show(current + moves[e.key]); e.preventDefault(); }
    else if (e.key === 'Home') { show(1); e.preventDefault(); }
    else if (e.key === 'End') { show(scenes.length); e.preventDefault(); }
    else if (e.key === 'n' || e.key === 'N') { document.body.classList.toggle('show-notes'); e.preventDefault(); }
  });
  window.addEventListener('hashchange', () => show(parseInt(location.hash.slice(1), 10) || 1));
  window.talk = {show, current: () => current};
  // Draw every chart once while every scene is laid out (so each has its width, and print has them all).
  document.body.classList.add('drawing');
  Promise.all(Object.entries(charts).map(([n, fig]) => Plotly.newPlot(`chart-${n}`, fig.data, fig.layout, CONFIG)))
    .then(() => {
      document.body.classList.remove('drawing');
      document.body.dataset.ready = '1';
      boxed();
      show(parseInt(location.hash.slice(1), 10) || 1);
    });
})();
"""


def build(dataset: Dataset, title: str = "How long does ketamine's pain relief last?",
          when: datetime | None = None, with_images: bool = True) -> str:
    """The talk of ``dataset.scenes`` as one self-contained HTML page (see the module docstring); ``with_images``
    embeds each chart as a static image too, for readers without scripts."""
    when = when or datetime.now(UTC)
    scenes = [] if dataset.scenes is None else list(dataset.scenes.itertuples(index=False))
    source = notices.source_plain(dataset.meta)
    style = charts.style_for("light", presenting=True)
    sections, figures = [], {}
    for number, row in enumerate(scenes, start=1):
        section, chart = _scene_html(number, len(scenes), row, views.scene(dataset, row, style), source,
                                     with_images)
        sections.append(section)
        if chart is not None:
            figures[str(number)] = chart
    script = (SCRIPT.replace("CONFIG", _script_json(PLOT_CONFIG)).replace("TITLE", _script_json(title)))
    keys = "→ / ← move · N speaker notes · Home / End · print: one scene a page"
    return "\n".join([
        "<!doctype html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(title)}</title>",
        "<script>document.documentElement.classList.add('js')</script>",  # before any scene is laid out
        f"<style>{STYLE}</style>",
        f"<script>{get_plotlyjs()}</script>",
        "</head><body>",
        f'<main><p class="sr">{_e(title)}: a talk in {len(scenes)} scenes, made {when.strftime("%Y-%m-%d")}. '
        f"Use the arrow keys to move, N for speaker notes.</p>",
        *sections,
        "</main>",
        f'<p class="keys" aria-hidden="true">{_e(keys)}</p>',
        f'<script type="application/json" id="talk-charts">{_script_json(figures)}</script>',
        f"<script>{script}</script>",
        "</body></html>",
    ])



