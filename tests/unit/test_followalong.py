"""Follow along: a QR code only where a phone can reach the app, pointing at the audience's view."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from relief import followalong


@pytest.mark.parametrize("url", ["http://localhost:8501/talk", "http://127.0.0.1:8501/talk", "http://127.8.0.3/",
                                 "http://[::1]:8501/talk", "http://0.0.0.0:8501/", "http://app.localhost/", ""])
def test_loopback_addresses_get_no_code(url):
    assert followalong.is_loopback(url)


@pytest.mark.parametrize("url", ["http://192.168.1.20:8501/talk", "https://relief.example.org/talk",
                                 "http://[fd00::2]:8501/talk", "http://10.0.0.4/"])
def test_reachable_addresses_get_a_code(url):
    assert not followalong.is_loopback(url)


def test_the_audience_gets_the_scene_without_presenter_mode_or_notes():
    link = followalong.audience_link("http://10.0.0.4:8501/talk?present=1&scene=3&notes=1&lex=x%3D1#top")
    assert link == "http://10.0.0.4:8501/talk?scene=3&lex=x%3D1"


def test_the_code_is_an_svg_black_on_white():
    svg = followalong.qr_svg("http://10.0.0.4:8501/talk?scene=3")
    root = ET.fromstring(svg)
    assert root.tag.endswith("svg") and int(root.get("width")) >= 100
    assert "#000" in svg and "#fff" in svg.lower()
