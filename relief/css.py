"""The app's own stylesheets and the print footer: fixed text of ours, never user input. No Streamlit here.

- ``FOCUS_CSS``: a visible focus ring on every page, hidden helpers, the menu's entry for the page on screen.
- ``FORCED_CSS``: Windows High Contrast: selected options, toggles and the talk's progress in system colours.
- ``NARROW_CSS``: phones (below 640 px): no floating chart toolbar, controls that wrap instead of overflowing.
- ``PRINT_CSS``: paper: no sidebar, header, toolbar, buttons or widgets; charts at the page width and never split
  across pages; the print footer (source, not-medical-advice, the view's link, the date), hidden on screen.
- ``BROWSER_JS``: the one script: charts scaled to the paper when printing, the footer's link and date; a colour
  scheme change or a reconnect reruns the app (``ui.watch``); an address's section (``#compare-matrix``) is brought
  into view once the page has settled.
- ``FIRST_PAINT_CSS``, ``FIRST_PAINT_JS``, ``LOADING_HTML``: Streamlit's own page before any run (added by
  ``relief/preload.py``): laid out as the app will be, the sidebar's space kept, a loading line; the stylesheets
  above are there too, so the page never shows without them (``first_paint``).
- ``PENDING_CSS``, ``SETTLE_JS``: while the first view comes in, a widget whose code has not arrived and what
  follows it are left out of the layout (nothing jumps when it takes its size); the rule is removed once the first
  run has finished and nothing is pending.
- ``PRESENT_CSS``: presentation mode: chrome hidden, type that scales with the screen's height so a scene's
  title, takeaway and chart fit one screen at 1280×720 and 1920×1080.
"""

from __future__ import annotations

from .article import html_text

PRINT_FOOT_KEY = "printfoot"  # st.container(key=...) gives the class st-key-printfoot
PRINT_COPY_PREFIX = "printcopy-"  # a table's plain copy for paper: st.container(key=PRINT_COPY_PREFIX + key)
STYLE_KEY = "relief-style"  # the container of our stylesheet (hidden: it draws nothing)
SCROLL_BOX = "relief-scroll"  # a table's box that scrolls sideways on its own (``views.scroll_box``)
WIDE_COLUMN = "12rem"  # the least width on screen of a boxed table's column of long text (``views.wide_columns``)
WIDE_COLUMNS_MAX = 16  # the columns ``data-wide`` can name (the matrix has 11: a source and ten routes)
PENDING_STYLE_ID = "relief-pending"  # the first paint's rule that leaves late widgets out (``SETTLE_JS`` removes it)

FOCUS_CSS = """
*:focus-visible { outline: 3px solid #0061A0 !important; outline-offset: 2px !important; }
@media (prefers-color-scheme: dark) { *:focus-visible { outline-color: #8CCBF0 !important; } }
/* A toggle's input is drawn by its label: the ring goes on the label. Things that fade in on hover (the chart's
   toolbar, a heading's link) show whole while a key has brought the focus into them. */
label:has(> input:focus-visible), label:has(input[role="switch"]:focus-visible) {
  outline: 3px solid #0061A0 !important; outline-offset: 2px; border-radius: 4px; }
@media (prefers-color-scheme: dark) {
  label:has(> input:focus-visible), label:has(input[role="switch"]:focus-visible) {
    outline-color: #8CCBF0 !important; } }
.js-plotly-plot .modebar:focus-within, .modebar-container:focus-within, .modebar-container:focus-within *,
[data-testid="stElementToolbar"]:focus-within, [data-testid="stHeaderActionElements"] a:focus-visible,
[data-testid="stHeaderActionElements"]:focus-within { opacity: 1 !important; transition: none !important; }
.modebar-btn:focus-visible { background: #FFFFFF !important; border-radius: 3px; }
.st-key-clicker { display: none; }
/* a table wider than the page scrolls in its own box (views.scroll_box), not the page */
.relief-scroll { max-width: 100%; overflow-x: auto; }
/* ... and keeps its first column (the source, the claim) in view while the rest scrolls under it: a cell opaque in
   the theme's colours (Streamlit sets color-scheme, so Canvas is the page's light or dark), a hairline at its edge */
.relief-scroll table :is(th, td):first-child { position: sticky; left: -1px; z-index: 1;
  background: color-mix(in srgb, Canvas 96%, CanvasText); box-shadow: inset -1px 0 rgba(128, 128, 128, 0.45); }
/* ... and a column of long text (``views.wide_columns``, named in the box's data-wide) is never squeezed to the width
   of its longest word: the box scrolls sideways instead. On screen only: on paper the table wraps to the page. */
@media screen { $WIDE }
.st-key-printfoot, [class*="st-key-printcopy-"] { display: none; }
/* the stylesheet and the watcher draw nothing: no gap (the wrapper named: a `div:has()` is matched on every div) */
[data-testid="stLayoutWrapper"]:is(:has(> .st-key-relief-style), :has(> [class*="st-key-relief-watch-"])) {
  display: none; }
/* the menu's entry for the page on screen: marked as current (not a faded, "unavailable" link) */
[data-testid="stSidebar"] a[data-testid="stPageLink-NavLink"][disabled] {
  background: rgba(128, 128, 128, 0.18); color: inherit !important; cursor: default; }
[data-testid="stSidebar"] a[data-testid="stPageLink-NavLink"][disabled] * {
  color: inherit !important; font-weight: 600; }
""".replace("$WIDE", " ".join(
    f'.relief-scroll[data-wide~="{n}"] table :is(th, td):nth-child({n}) {{ min-width: {WIDE_COLUMN}; }}'
    for n in range(2, WIDE_COLUMNS_MAX + 1)))

# Windows High Contrast (``forced-colors: active``): the browser drops background colours, which is all that marks a
# selected pill or segment, a toggle's track and the talk's progress. Drawn here in system colours, with borders.
FORCED_CSS = """
@media (forced-colors: active) {
  [data-testid="stButtonGroup"] button[data-selected="true"], [data-testid="stButtonGroup"] button[aria-pressed="true"],
  [data-testid="stButtonGroup"] button[aria-checked="true"] {
    forced-color-adjust: none; background: Highlight !important; color: HighlightText !important;
    border: 2px solid Highlight !important; }
  [data-testid="stButtonGroup"] button[data-selected="true"] *,
  [data-testid="stButtonGroup"] button[aria-pressed="true"] *,
  [data-testid="stButtonGroup"] button[aria-checked="true"] * { color: HighlightText !important; }
  [data-testid="stCheckbox"] label > div:not([data-testid]) { forced-color-adjust: none;
    border: 1px solid ButtonText !important; background: Canvas !important; }
  [data-testid="stCheckbox"] label > div:not([data-testid]) > div { forced-color-adjust: none;
    background: ButtonText !important; }
  [data-testid="stCheckbox"] label[data-selected="true"] > div:not([data-testid]) {
    background: Highlight !important; border-color: Highlight !important; }
  [data-testid="stCheckbox"] label[data-selected="true"] > div:not([data-testid]) > div {
    background: HighlightText !important; }
  [data-testid="stProgressBarTrack"] { forced-color-adjust: none; border: 1px solid CanvasText;
    background: Canvas !important; }
  [data-testid="stProgressBarTrack"] > div { forced-color-adjust: none; background: Highlight !important; }
}
"""

NARROW_CSS = """
@media (max-width: 640px) {
  .modebar-container, [data-testid="stElementToolbar"] { display: none !important; }
  [data-testid="stMainBlockContainer"] { padding-left: 0.75rem !important; padding-right: 0.75rem !important; }
  [data-testid="stHorizontalBlock"], .stHorizontalBlock, [data-testid="stLayoutWrapper"] > div {
    flex-wrap: wrap !important; }
  [data-testid="stButtonGroup"] { max-width: 100%; overflow-x: auto; }
  [data-testid="stButtonGroup"] > div { flex-wrap: wrap !important; }
  [data-testid="stMain"] table { display: block; max-width: 100%; overflow-x: auto; }  /* scrolls in its box */
  [data-testid="stMain"] .relief-scroll table { display: table; }  /* its box scrolls already */
}
"""

# Short screens (a laptop at 200 % zoom is 640×360 CSS pixels; a phone held sideways): a compact heading, so a
# talk scene's chart starts on the first screen.
SHORT_CSS = """
@media (max-height: 520px) {
  [data-testid="stMainBlockContainer"] { padding-top: 3.9rem !important; padding-bottom: 2rem !important; }
  [data-testid="stMain"] h1 { font-size: 1.5rem !important; padding: 0 !important; line-height: 1.2; }
  [data-testid="stMain"] [data-testid="stVerticalBlock"] { gap: 0.45rem !important; }
  [data-testid="stMain"] small, [data-testid="stMain"] small * { font-size: 0.72rem !important; }
  [data-testid="stMain"] p:has(small) { line-height: 1.25; }
  [data-testid="stMain"] [data-testid="stProgress"] p { font-size: 0.8rem; }
}
"""

PRINT_CSS = """
@media print {
  @page { margin: 14mm 12mm; }
  [data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stSidebar"],
  [data-testid="stStatusWidget"], [data-testid="stElementToolbar"],
  .modebar-container, footer, [data-testid="stBaseButton-secondary"], [data-testid="stBaseButton-tertiary"],
  [data-testid="stBaseButton-primary"], .stButton, .stDownloadButton, [data-testid="stExpander"],
  [data-testid="stButtonGroup"], [data-testid="stCheckbox"], .stCheckbox,
  .stSelectbox, .stMultiSelect, .stSlider, .stTextInput, .stFileUploader, .stProgress,
  [data-testid="stFileUploader"], [data-testid="stDataFrame"] [data-testid="stElementToolbar"] {
    display: none !important; }
  html, body, [data-testid="stApp"], [data-testid="stAppViewContainer"], [data-testid="stMain"] {
    height: auto !important; overflow: visible !important; position: static !important; }
  [data-testid="stMain"] { margin-left: 0 !important; }
  [data-testid="stMainBlockContainer"] { padding: 0 !important; max-width: 100% !important; }
  [data-testid="stPlotlyChart"] { height: auto !important; min-height: 0 !important; }
  [data-testid="stPlotlyChart"] > div, .js-plotly-plot, .plot-container,
  .svg-container { width: 100% !important; max-width: 100% !important; height: auto !important; }
  [data-testid="stPlotlyChart"] .svg-container { position: relative !important; }
  [data-testid="stPlotlyChart"] .main-svg { width: 100% !important; height: auto !important; top: 0; left: 0; }
  [data-testid="stPlotlyChart"] .svg-container > .main-svg:first-of-type { position: relative !important; }
  [data-testid="stPlotlyChart"], [data-testid="stElementContainer"]:has(.js-plotly-plot) {
    break-inside: avoid !important; page-break-inside: avoid !important; }
  h1, h2, h3 { break-after: avoid; }
  /* A box that scrolls on screen (the article on Source & method) prints whole. */
  [data-testid="stMain"] [data-testid="stVerticalBlock"], [data-testid="stMain"] [data-testid="stLayoutWrapper"] {
    height: auto !important; max-height: none !important; overflow: visible !important; }
  /* A canvas grid prints only what its box shows: its plain copy prints instead, every row, columns that wrap. */
  [data-testid="stDataFrame"], [data-testid="stElementContainer"]:has(> [data-testid="stDataFrame"]) {
    display: none !important; }
  [class*="st-key-printcopy-"] { display: block !important; }
  [data-testid="stMain"] table { width: 100% !important; table-layout: auto; font-size: 0.72rem; }
  [data-testid="stMain"] th, [data-testid="stMain"] td { overflow-wrap: break-word; word-break: normal;
    white-space: normal !important; hyphens: auto; }
  [data-testid="stMain"] tr { break-inside: avoid !important; page-break-inside: avoid !important; }
  [data-testid="stMain"] thead { display: table-header-group; }
  .relief-scroll { overflow: visible !important; }
  [data-testid="stMainBlockContainer"] > [data-testid="stVerticalBlock"] { display: flex !important;
    flex-direction: column !important; }
  [data-testid="stLayoutWrapper"]:has(> .st-key-printfoot) { order: 99999; }
  [data-testid="stLayoutWrapper"]:has([data-testid="stButtonGroup"], [data-testid="stCheckbox"]):not(
    :has(.js-plotly-plot, h1, h2, h3, [data-testid="stMarkdown"], [data-testid="stCaptionContainer"])) {
    display: none !important; }
  .st-key-printfoot { display: block !important; break-inside: avoid; border-top: 1px solid #999;
    padding-top: 0.5rem; margin-top: 1rem; font-size: 0.8rem; }
  .st-key-printfoot p { font-size: 0.8rem !important; }
  .relief-print-source::before { content: attr(data-text); }
}
"""

# The app's one script, put into the page once (``ui.watch``): printing (plotly draws its SVGs at a fixed pixel
# size; printed, each gets a viewBox of that size so the print stylesheet can scale it to the paper), and the
# browser watcher (a colour scheme change or a reconnect presses a hidden button that reruns the app).
BROWSER_JS = r"""
(() => {
  // Print: each chart's SVG gets a viewBox of its pixel size, so the print stylesheet can scale it to the paper;
  // the footer's link and date are set then too. Nothing runs while the page is used on screen.
  const fit = () => {
    document.querySelectorAll('[data-testid="stPlotlyChart"] .main-svg').forEach(svg => {
      const w = svg.getAttribute('width'), h = svg.getAttribute('height'), box = `0 0 ${w} ${h}`;
      if (w && h && svg.getAttribute('viewBox') !== box) {
        svg.setAttribute('viewBox', box);
        svg.setAttribute('preserveAspectRatio', 'xMinYMin meet');
      }
    });
    document.querySelectorAll('.relief-print-link').forEach(e => { e.textContent = window.location.href; });
    const when = new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
    document.querySelectorAll('.relief-print-date').forEach(e => { e.textContent = when; });
  };
  window.addEventListener('beforeprint', fit);
  const print = window.matchMedia('print');
  print.addEventListener('change', () => { if (print.matches) fit(); });
  if (print.matches) fit();

  // Colour scheme and reconnects: press the hidden button of a scheme, which reruns the app drawn in it.
  const press = (value) => {
    const button = document.querySelector(`.st-key-relief-${value} button`);
    if (button) button.click();
  };
  const app = () => document.querySelector('.stApp') || document.body;
  const scheme = () => {
    const rgb = (getComputedStyle(app()).backgroundColor.match(/[\d.]+/g) || [255, 255, 255]).map(Number);
    return 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2] < 128 ? 'dark' : 'light';
  };
  const drawn = () => {  // the scheme the last run drew its charts in (the watcher box's class names it)
    const box = document.querySelector('[class*="st-key-relief-watch-"]');
    const found = box && box.className.match(/st-key-relief-watch-(light|dark)/);
    return found ? found[1] : scheme();
  };
  let timer = null;
  const changed = (patience = 40) => {
    clearInterval(timer);
    const shown = drawn();
    let tries = 0;
    timer = setInterval(() => {  // Streamlit switches its own theme on the same event; wait for the page
      const now = scheme();
      if (now !== shown || ++tries > patience) {
        clearInterval(timer);
        if (now !== shown) press(now);
      }
    }, 50);
  };
  // Menu links are links: Streamlit (1.67) cancels every click on a page link to switch pages in place, Ctrl, Cmd
  // or Shift held or not. Such a click is stopped here, before React sees it, so the browser opens the link's
  // address in a new tab or window. The entry of the page on screen (not a link: no plain click) gives the
  // address as it is now, whatever its parts changed since it was drawn. A middle click is no click event.
  const menuLink = (event) => event.target.closest && event.target.closest('a[data-testid="stPageLink-NavLink"]');
  window.addEventListener('mousedown', (event) => {
    const link = menuLink(event);
    if (link && link.hasAttribute('disabled')) link.setAttribute('href', window.location.href);
  }, true);
  window.addEventListener('click', (event) => {
    if (event.button !== 0 || !(event.ctrlKey || event.metaKey || event.shiftKey)) return;
    if (menuLink(event)) event.stopPropagation();
  }, true);

  window.matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => changed());
  changed(4);  // a change before this script loaded: the page is already in the other scheme
  // Presenting on a screen larger than a 1280×720 slide: press the button of its scale (in halves: 2 = 1x,
  // 3 = 1.5x, 4 = 2x, 6 = 3x), so the server draws the slide for it; on load, when presentation starts, on resize.
  const wantedScale = () => {
    const s = Math.min(innerWidth / 1280, innerHeight / 720);
    return s >= 2.7 ? 6 : s >= 1.9 ? 4 : s >= 1.4 ? 3 : 2;
  };
  let scalePressed = null;
  const fitScreen = () => {
    const box = document.querySelector('[class*="st-key-relief-scale-drawn-"]');
    const found = box && box.className.match(/st-key-relief-scale-drawn-(\d)/);
    if (!found) return;
    const want = wantedScale();
    if (want === Number(found[1])) { scalePressed = null; return; }
    if (scalePressed === want) return;  // pressed; its run is on the way
    const button = document.querySelector(`.st-key-relief-scale-${want} button`);
    if (button) { scalePressed = want; button.click(); }
  };
  // An upload shown in this page: its mark is kept in a cookie of this browser (relief/ui/run.py UPLOAD_COOKIE,
  // the last 8), so a later session of this browser, not anyone the link is passed to, is told when it is gone.
  const keepUpload = () => {
    const box = document.querySelector('[class*="st-key-relief-watch-"]');
    const found = box && box.className.match(/st-key-relief-watch-\w+-upload-([0-9a-f]{16})/);
    if (!found) return;
    const kept = ((document.cookie.match(/(?:^|; )relief_uploads=([0-9a-f.]*)/) || [])[1] || '').split('.');
    if (kept.includes(found[1])) return;
    const marks = kept.filter(Boolean).concat(found[1]).slice(-8).join('.');
    document.cookie = `relief_uploads=${marks}; path=/; max-age=31536000; SameSite=Strict`;
  };
  let screenTimer = null;
  const soon = () => {
    clearTimeout(screenTimer);
    screenTimer = setTimeout(() => { fitScreen(); keepUpload(); }, 150);
  };
  addEventListener('resize', soon);
  new MutationObserver(soon).observe(document.body, { childList: true, subtree: true });
  fitScreen();
  keepUpload();
  // Where the viewer is on a page. Streamlit's page scrolls in its own box (stMain), not the window, so the
  // browser keeps no position of its own, and Streamlit (1.67) sets none: after an "On this page" link Back stayed
  // at the section, a reload went to the top, a page chosen in the menu opened wherever the last page's position
  // fell in it (its top, or 1,200 px down), and an address with a section (#compare-matrix, passed on) opened at
  // the top (Streamlit's heading scrolls itself into view when drawn, but on a long page that is while what comes
  // before it is left out of the layout, SETTLE_JS, or still taking its size). Now each history entry keeps its
  // position (in its state, beside Streamlit's); Back, Forward and a reload return to it, a page chosen anew opens
  // at its top, and a section's address at its heading.
  const box = () => document.querySelector('[data-testid=stMain]');
  const running = () => {
    const app = document.querySelector('[data-testid=stApp]');
    return !app || app.dataset.testScriptState !== 'notRunning';
  };
  const moves = ['wheel', 'keydown', 'pointerdown', 'touchstart'];
  // When the viewer last scrolled the page themselves: the wheel, a finger, a key, the scroll bar (a press on the
  // box itself). A press anywhere else (a link, a button) is not scrolling: what moves the page after it (a page
  // switch empties the page, which scrolls it to 0) is not the viewer's place.
  let gestured = -1e9;
  const gesture = (event) => {
    const scrolling = event.type !== 'pointerdown' || event.target === box();
    gestured = scrolling ? performance.now() : -1e9;
  };
  moves.concat('touchmove').forEach(name => addEventListener(name, gesture, { capture: true, passive: true }));
  // ``hold`` puts the page at ``y`` (a number, or a function giving one), and again while a run draws it or as what
  // is above takes its size (a run's redraw shortens the page and so moves it: that is undone), until the viewer
  // scrolls, clicks or presses a key, anyone else scrolls it once it is in place, or no run is on and the page has
  // kept its size for 1.5 s (3 s at least, 20 s at most). Then the entry keeps where it is.
  let release = null;
  const hold = (y) => {
    if (release) release(false);
    const began = performance.now();
    let placed = null, reached = false, changed = began, timeout = null;
    const put = () => {
      const main = box(), want = typeof y === 'function' ? y() : y;
      if (!main || want === null) return;
      main.scrollTop = want;
      placed = main.scrollTop;
      reached = Math.abs(placed - want) <= 2;  // not while the page is too short to reach it
      changed = performance.now();
    };
    const moved = (event) => {
      const main = box();
      if (event.target !== main || placed === null || Math.abs(main.scrollTop - placed) <= 2) return;
      if (running() || !reached) put(); else stop(true);
    };
    const watcher = new ResizeObserver(put);
    const stop = (keepIt) => {
      watcher.disconnect(); clearTimeout(timeout); release = null;
      document.removeEventListener('scroll', moved, true);
      moves.forEach(name => removeEventListener(name, stop, true));
      if (keepIt !== false) keep();
    };
    const check = () => {
      const now = performance.now();
      if (now - began < 20000 && (now - began < 3000 || running() || now - changed < 1500)) {
        timeout = setTimeout(check, 250);
      } else stop(true);
    };
    put();
    document.addEventListener('scroll', moved, true);
    moves.forEach(name => addEventListener(name, stop, { capture: true, passive: true }));
    const column = document.querySelector('[data-testid=stMainBlockContainer]');
    if (column) watcher.observe(column);
    timeout = setTimeout(check, 250);
    release = stop;
  };
  const under = (id) => () => {  // where the page is with the heading ``id`` at its top (under Streamlit's header)
    const main = box(), target = document.getElementById(id);
    if (!main || !target) return null;
    const margin = parseFloat(getComputedStyle(target).scrollMarginTop) || 0;
    return main.scrollTop + target.getBoundingClientRect().top - main.getBoundingClientRect().top - margin;
  };
  const kept = (state) => (state && typeof state.reliefScroll === 'number' ? state.reliefScroll : null);
  const section = () => decodeURIComponent(window.location.hash.slice(1));
  // On load, once the run has finished and the page has settled: a reload returns to the position kept, an address
  // with a section, opened anew, to its heading.
  const start = kept(history.state), wanted = section();
  let sought = 0;
  const seek = () => {
    const target = wanted && document.getElementById(wanted);
    if (running() || document.getElementById('$PENDING')
        || (start === null && !(target && target.getClientRects().length))) {
      if ((sought += 100) < 30000) setTimeout(seek, 100);
      return;
    }
    hold(start !== null ? start : under(wanted));
  };
  if (start !== null || wanted) seek();
  // Each entry keeps its position: 200 ms after the viewer last scrolled it themselves (a scroll up to 1.5 s after
  // their gesture, momentum included; not ``hold`` at work), where ``hold`` left it, and when Streamlit adds an entry
  // (a page switch, a setting changed) or replaces one (with a state of {}), beside Streamlit's own state.
  let keepTimer = null;
  const stamp = (state, y) => (state === null || state === undefined || typeof state === 'object'
    ? { ...(state || {}), reliefScroll: y } : state);
  function keep() {
    clearTimeout(keepTimer);
    keepTimer = null;
    const main = box();
    if (main) try { history.replaceState(stamp(history.state, Math.round(main.scrollTop)), ''); }
    catch (error) { /* too many in a row: the next scroll keeps it */ }
  }
  document.addEventListener('scroll', (event) => {
    if (event.target !== box() || release || performance.now() - gestured > 1500) return;
    clearTimeout(keepTimer);
    keepTimer = setTimeout(keep, 200);
  }, true);
  addEventListener('click', () => { if (keepTimer) keep(); }, true);  // before a link leaves this entry
  const push = history.pushState, replace = history.replaceState;
  history.pushState = function (state, unused, url) {
    if (keepTimer) keep();
    const page = url != null && new URL(url, window.location.href).pathname !== window.location.pathname;
    const main = box();
    if (page && release) release(false);
    const result = push.call(this, stamp(state, page || !main ? 0 : Math.round(main.scrollTop)), unused, url);
    if (page && main) main.scrollTop = 0;  // a page chosen anew: from its top (it stays there as the page grows)
    return result;
  };
  history.replaceState = function (state, unused, url) {
    const y = kept(history.state);
    return replace.call(this, y === null || kept(state) !== null ? state : stamp(state, y), unused, url);
  };
  // Back and Forward: to the position kept; an entry that kept none was never scrolled (its top), unless its
  // address has a section (an "On this page" link followed, not yet scrolled from).
  addEventListener('popstate', (event) => {
    clearTimeout(keepTimer);
    keepTimer = null;
    const y = kept(event.state), id = section();
    hold(y !== null ? y : id ? under(id) : 0);
  });
  const root = document.querySelector('[data-testid=stApp]');
  let lost = false;
  if (root) new MutationObserver(() => {
    const state = root.dataset.testConnectionState;
    if (state && state !== 'CONNECTED') lost = true;
    else if (state === 'CONNECTED' && lost) { lost = false; press(scheme()); }
  }).observe(root, { attributes: true, attributeFilter: ['data-test-connection-state'] });
})();
""".replace("$PENDING", PENDING_STYLE_ID)

# Streamlit's own page (its index.html), before any run: added by ``relief/preload.py`` to every page it serves, so
# they hold from the first paint. Measured on 1.67 without them: the page was drawn in Streamlit's narrow layout,
# then full width, then pushed 300 px right when the sidebar (drawn at the end of the run, so the chart comes
# first) arrived: a desktop Cumulative Layout Shift of 0.3-1.0 per page (a bare Streamlit app: 0).
# - The narrow layout looks like the wide one the app asks for (its maximum width and side padding).
# - At the widths where the sidebar opens expanded (769 px and up), the page keeps its space (its width, or the
#   width the viewer dragged it to) until it is drawn, unless the viewer collapsed it or the address presents.
#   The main column's box is the view's one child <div> without a test id (after the skip link and the sidebar), and
#   "no sidebar yet" is "no sidebar before it": a test of siblings. Written with `:has()` (the view without a sidebar
#   child, the div with the main child) it cost 0.03 s of style recalculation in the overview's load, 0.08 s in the
#   comparison's (Chromium matches a `:has()` again on each change of the DOM below it).
# - The app's hidden helpers take no room from the start.
# - A line saying the dashboard is loading, inside the element Streamlit's first render replaces.
FIRST_PAINT_CSS = """
[data-testid="stAppViewContainer"][data-layout="narrow"] [data-testid="stMainBlockContainer"] {
  max-width: initial; min-width: auto; }
@media (min-width: 864px) {
  [data-testid="stAppViewContainer"][data-layout="narrow"] [data-testid="stMainBlockContainer"] {
    padding-left: 5rem; padding-right: 5rem; } }
@media (min-width: 769px) {
  html:not(.relief-no-sidebar) [data-testid="stAppViewContainer"]
    > div:not([data-testid], [data-testid="stSidebar"] ~ *) { margin-left: var(--relief-sidebar, 300px); } }
/* the app's hidden helpers (the stylesheet, the watcher, the print footer) take no room while Streamlit loads the
   code that draws them (a placeholder of 24 px, then gone: everything moved up 40 px) */
[data-testid="stLayoutWrapper"]:is(:has(> .st-key-relief-style), :has(> [class*="st-key-relief-watch-"])),
.st-key-printfoot { display: none; }
@media (max-width: 640px) { [data-testid="stMainBlockContainer"] {
  padding-left: 0.75rem !important; padding-right: 0.75rem !important; } }  /* as NARROW_CSS */
#relief-loading { margin: 6rem auto; max-width: 40rem; padding: 0 1rem; text-align: center; color: #555;
  font: 1.1rem/1.5 "Source Sans", system-ui, sans-serif; }
"""
FIRST_PAINT_JS = r"""
(() => {
  try {
    const root = document.documentElement, stored = (key) => window.localStorage.getItem(key);
    const width = parseInt(stored('sidebarWidth'), 10);  // a width the viewer dragged the sidebar to
    if (width > 0) root.style.setProperty('--relief-sidebar', Math.min(600, Math.max(200, width)) + 'px');
    const collapsed = Object.keys(window.localStorage).some(
      (key) => key.startsWith('stSidebarCollapsed-') && stored(key) === 'true');
    if (collapsed || new URLSearchParams(window.location.search).has('present'))
      root.classList.add('relief-no-sidebar');
  } catch (error) { /* no storage: the default width */ }
})();
"""
# An element whose code Streamlit has not loaded yet (a widget: each kind is a lazily imported chunk; a markdown
# with HTML) is drawn as a placeholder of 16x40 px; when its code arrives (at least 0.5 s later: React reveals
# retried content no sooner) it takes its size, a settings box grows by up to 200 px and everything below it moves:
# measured at 1350x940 that was all of the layout shift left once the sidebar was reserved (0.02-0.13 per page, the
# menu's links included; 0.27 on the explorer under load). While one is pending, it and whatever follows it (its
# later siblings and those of every block around it) are left out of the layout, so nothing on screen moves when
# it takes its size: what is above it stays, the rest appears in place. (Hidden but laid out would not do: a hidden
# box that moves and is then shown counts as a shift.) On a page with a chart nothing comes later than it would
# anyway: the chart's own code is revealed with the widgets'. Placeholders inside the hidden helpers (the
# stylesheet, the watcher, the print footer and copies) hide nothing: they are never shown.
HELPERS = ('.st-key-relief-style, [class*="st-key-relief-watch-"], .st-key-printfoot, [class*="st-key-printcopy-"], '
           '.st-key-clicker')
BLOCKS = '[data-testid="stVerticalBlock"], [data-testid="stHorizontalBlock"], [data-testid="stLayoutWrapper"]'
WAIT_ATTRIBUTE = "data-relief-wait"
PENDING_CSS = f"[{WAIT_ATTRIBUTE}] {{ display: none !important; }}"
# What is left out is marked by ``SETTLE_JS`` (an attribute on each child of a block to leave out: the one that
# holds a pending placeholder itself, and every later sibling of one that holds it at any depth), again on each
# change of the page before it is drawn (a MutationObserver's callback runs before the next frame), and the rule
# matches only that attribute. The same rule written in CSS alone, `:is(<blocks>) > :is(:has(> <pending>),
# :has(<pending>) ~ *)`, made the browser match a `:has()` over every descendant on each change of the DOM: measured
# on 1.67 (Chromium, style recalculation in one page load, medians of 3) 0.12 s against 0.07 s on the overview and
# 0.30 s against 0.15 s on the comparison. Once the first run has finished and nothing is pending (seen twice,
# 100 ms apart), ``SETTLE_JS`` stops watching, clears its marks and removes the rule: from then on the widget chunks
# are there (``preload.WIDGET_CHUNKS`` imports them at once), and a widget that still comes late (a kind first
# drawn after a click) moves things only just after an input, which is not a layout shift. If a chunk never
# arrives (blocked), what follows it is shown anyway 30 s after the run finished.
SETTLE_MS = 30_000
SETTLE_JS = r"""
(() => {
  const style = document.getElementById('$ID');
  if (!style) return;
  const WAIT = '$WAIT', HELPERS = '$HELPERS';
  const mark = () => {
    const wanted = new Set();
    for (const pending of document.querySelectorAll('[data-testid="stSkeleton"]')) {
      if (pending.parentElement && pending.parentElement.closest(HELPERS)) continue;  // never shown anyway
      for (let child = pending.parentElement; child && child.parentElement; child = child.parentElement) {
        if (!child.parentElement.matches('$BLOCKS')) continue;
        if (child === pending.parentElement) wanted.add(child);
        for (let later = child.nextElementSibling; later; later = later.nextElementSibling) wanted.add(later);
      }
    }
    for (const left of document.querySelectorAll(`[${WAIT}]`)) if (!wanted.has(left)) left.removeAttribute(WAIT);
    for (const child of wanted) if (!child.hasAttribute(WAIT)) child.setAttribute(WAIT, '');
  };
  const watcher = new MutationObserver(mark);
  watcher.observe(document.documentElement, { childList: true, subtree: true });
  let seen = 0, finished = 0;
  const settled = () => {
    const app = document.querySelector('[data-testid="stApp"]');
    if (!app || app.getAttribute('data-test-script-state') !== 'notRunning'
        || !document.querySelector('[data-testid="stMainBlockContainer"] [data-testid="stElementContainer"]')) {
      return false;
    }
    finished = finished || performance.now();
    return !document.querySelector(`[${WAIT}], [data-stale="true"]`)
      || performance.now() - finished > (window.__reliefSettleMs || $MS);  // a test may shorten the wait
  };
  const check = () => {
    seen = settled() ? seen + 1 : 0;
    if (seen < 2) { setTimeout(check, 100); return; }
    watcher.disconnect();
    style.remove();
    for (const left of document.querySelectorAll(`[${WAIT}]`)) left.removeAttribute(WAIT);
  };
  check();
})();
""".replace("$ID", PENDING_STYLE_ID).replace("$WAIT", WAIT_ATTRIBUTE).replace("$MS", str(SETTLE_MS)).replace(
    "$BLOCKS", BLOCKS).replace("$HELPERS", HELPERS)
LOADING_HTML = '<p id="relief-loading" role="status">Loading the dashboard…</p>'


def first_paint() -> str:
    """What ``relief/preload.py`` adds before ``</head>`` of Streamlit's page: the stylesheet and script above, and
    the app's own stylesheets (as on screen; presenting adds its own with the run).

    The run draws the same stylesheets (``ui.frame``, for ``streamlit run app.py`` and presenting), but as raw HTML in
    markdown, which Streamlit draws only once it has fetched the code for raw HTML (``rehype-raw``, a chunk it loads
    on demand). Elements whose code came first were drawn without them: on a busy server or a slow link the menu's
    entry for the page on screen showed for seconds in Streamlit's faded "disabled" grey (2.6:1 in the light theme,
    3.4:1 in the dark; axe's colour-contrast finding of issue 24, which came and went with the order the chunks
    arrived in). From the page's head they apply before anything is drawn."""
    return (f"<style>{FIRST_PAINT_CSS}{stylesheet(False)}</style>"
            f'<style id="{PENDING_STYLE_ID}">{PENDING_CSS}</style><script>{FIRST_PAINT_JS}{SETTLE_JS}</script>')


PRESENT_CSS = """
[data-testid="stAppViewContainer"] > div:not([data-testid]) { margin-left: 0 !important; }  /* as FIRST_PAINT_CSS */
[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stSidebar"],
[data-testid="stStatusWidget"], footer { display: none !important; }
[data-testid="stMainBlockContainer"] { padding-top: clamp(0.5rem, 2vh, 1.5rem) !important; max-width: 100% !important;
  padding-left: clamp(1rem, 3vw, 4rem) !important; padding-right: clamp(1rem, 3vw, 4rem) !important; }
[data-testid="stMain"] p, [data-testid="stMain"] li { font-size: clamp(1rem, 2.6vh, 3.6rem); line-height: 1.35; }
[data-testid="stMain"] h1 { font-size: clamp(1.6rem, 5vh, 7rem); padding-top: 0 !important;
  padding-bottom: 0.2em !important; }
[data-testid="stMain"] [data-testid="stCaptionContainer"] p,
[data-testid="stMain"] p small, [data-testid="stMain"] .small,
[data-testid="stMain"] p [style*="font-size: 0.875rem"] { font-size: clamp(0.8rem, 1.8vh, 2.6rem) !important; }
[data-testid="stMain"] [data-testid="stVerticalBlock"] { gap: clamp(0.4rem, 1.4vh, 1rem); }
.st-key-followalong { position: fixed; top: 0.5rem; right: 0.75rem; width: clamp(128px, 17.8vh, 400px) !important;
  z-index: 20; background: #FFFFFF; padding: 6px; border-radius: 6px; gap: 0.1rem !important; }
.st-key-followalong img { width: 100% !important; height: auto !important; }
.st-key-followalong p { color: #1F2933 !important; font-size: clamp(0.72rem, 1.6vh, 2.2rem) !important;
  text-align: center; }
[data-testid="stMainBlockContainer"]:has(.st-key-followalong) { padding-right: clamp(150px, 21vh, 440px) !important; }
"""


def stylesheet(presenting: bool) -> str:
    """Every stylesheet of the app for this mode, as one ``<style>`` body."""
    return FOCUS_CSS + FORCED_CSS + NARROW_CSS + SHORT_CSS + PRINT_CSS + (PRESENT_CSS if presenting else "")


def print_footer(source_sentence: str, link: str, when: str) -> str:
    """The footer printed at the end of every page (hidden on screen): source, link and date as HTML.

    ``source_sentence`` is plain text (escaped here); the link and date are refreshed by ``BROWSER_JS`` when printing.
    """
    # The source sentence is drawn by the print stylesheet from an attribute, so the screen's page holds it once
    # (in the visible note under the title), not a second, hidden time before the page's own content.
    return (f"<p class=\"relief-print-source\" data-text=\"{html_text(source_sentence)}\"></p>"
            f"<p>View: <span class=\"relief-print-link\">{html_text(link)}</span><br>"
            f"Printed: <span class=\"relief-print-date\">{html_text(when)}</span></p>")
