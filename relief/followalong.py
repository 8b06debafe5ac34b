"""Follow along: a QR code of the scene being presented, for the audience's phones. No Streamlit here.

Shown only when the app is reached on an address other than loopback (a phone cannot open ``localhost``).
The link is the scene's own view without presentation mode or speaker notes.
"""

from __future__ import annotations

import io
import ipaddress
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import segno

PRESENTER_ONLY = ("present", "notes")
LOOPBACK_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"}


def is_loopback(url: str) -> bool:
    """True for an address only this machine can open (localhost, 127.0.0.0/8, ::1, 0.0.0.0) or none."""
    host = (urlsplit(url).hostname or "").lower().rstrip(".")
    if not host or host in LOOPBACK_NAMES or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or address.is_unspecified


def audience_link(url: str) -> str:
    """The same view for the audience: presentation mode and speaker notes left out."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k not in PRESENTER_ONLY]
    return urlunsplit(parts._replace(query=urlencode(query), fragment=""))


def qr_svg(link: str, scale: int = 4) -> str:
    """The link as a QR code (SVG text, black on white with a quiet zone, as scanners expect)."""
    out = io.BytesIO()
    segno.make(link, error="m").save(out, kind="svg", scale=scale, dark="#000000", light="#FFFFFF", border=4,
                                     xmldecl=False, title="QR code: open this scene on your phone")
    return out.getvalue().decode("utf-8")
