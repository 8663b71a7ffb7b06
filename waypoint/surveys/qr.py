"""QR codes for the self-fill link, as data-URI SVG images (no external assets)."""

from __future__ import annotations

import segno


def qr_data_uri(url: str, *, scale: int = 5) -> str:
    return segno.make(url, error="m").svg_data_uri(scale=scale, border=4, dark="#000")
