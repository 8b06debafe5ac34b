"""The talk: every scene renders, the URL follows the scene, junk falls back to scene 1, presentation mode."""

from __future__ import annotations

import pytest

from relief import pages as registry

from .. import bundled
from .helpers import open_page, plain, seen, spec, texts

SCENES = bundled.scenes()


@pytest.mark.parametrize("number", range(1, len(SCENES) + 1))
def test_every_scene_renders(number):
    scene = SCENES[number - 1]
    at = seen("pages/talk.py", scene=str(number))
    assert not at.exception and not at.error
    assert plain(at.title[0].value) == scene.title
    shown = texts(at)
    assert scene.takeaway.split("“")[0][:30] in shown.replace("\\", "")
    assert "not medical advice" in shown
    if scene.chart != "promo":
        assert spec(at, f"scene_chart_{scene.scene_id}")["data"]


@pytest.mark.parametrize("junk", ["0", "99", "two", "-1", "<b>3</b>", "1" * 300])
def test_bad_scene_numbers_fall_back_to_scene_one_with_a_notice(junk):
    at = open_page("pages/talk.py", {"scene": junk})
    assert not at.exception
    assert plain(at.title[0].value) == SCENES[0].title
    assert any("not understood" in str(i.value) for i in at.info)


def test_next_and_previous_update_the_url():
    at = open_page("pages/talk.py", {"scene": "2"})
    at.button(key="talk.next").click().run()
    assert plain(at.title[0].value) == SCENES[2].title and at.query_params["scene"] == "3"
    at.button(key="talk.pageup").click().run()
    assert at.query_params["scene"] == "2"
    assert at.button(key="talk.previous").disabled is False
    first = open_page("pages/talk.py")
    assert first.button(key="talk.previous").disabled and "scene" not in first.query_params


def test_presentation_mode_hides_the_sidebar_and_shows_notes_on_request():
    normal = seen("pages/talk.py", scene="2")
    assert len(normal.sidebar) > 0
    presenting = open_page("pages/talk.py", {"scene": "2", "present": "1"})
    assert len(presenting.sidebar) == 0
    assert SCENES[1].notes[:40] not in texts(presenting)
    with_notes = open_page("pages/talk.py", {"scene": "2", "present": "1", "notes": "1"})
    assert SCENES[1].notes[:40] in texts(with_notes).replace("\\", "")
    assert with_notes.query_params["present"] == "1"


def test_exit_presentation_clears_the_mode():
    at = open_page("pages/explorer.py", {"present": "1"})
    at.button(key="present.exit").click().run()
    assert "present" not in at.query_params and len(at.sidebar) > 0


def test_a_page_that_stops_early_still_has_the_menu_and_writes_its_address(tmp_path, monkeypatch):
    """The sidebar is drawn after the page (so the chart reaches the browser first): a page that stops, here a
    talk without scenes.csv, must still get it."""
    import shutil

    from relief.dataset import BUNDLED

    folder = tmp_path / "no-talk"
    shutil.copytree(BUNDLED, folder, ignore=shutil.ignore_patterns("scenes.csv", "examples"))
    monkeypatch.setenv("RELIEF_DATA", str(folder))
    at = open_page("pages/talk.py", {"present": "junk"})
    assert not at.exception
    assert any("no scenes.csv" in str(i.value) for i in at.info)
    links = [e for e in at.sidebar if type(e).__name__ == "PageLink"]
    assert [link.proto.label for link in links] == [page.title for page in registry.PAGES]  # the menu, in order
    assert "present" not in at.query_params  # the address was still written back (an unreadable value dropped)
