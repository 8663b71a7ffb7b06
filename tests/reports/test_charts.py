"""SVG charts: accessible, CSP-safe, escaped, and never drawing a hidden value."""

from __future__ import annotations

import re
from xml.etree import ElementTree

from waypoint.reports.charts import Series, bar_chart, describe, line_chart, nice_scale

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str):
    return ElementTree.fromstring(svg)


def test_a_bar_chart_is_a_named_image_with_a_description():
    labels = ["Jan 6", "Jan 13", "Jan 20"]
    series = [Series("Visits", [12, None, 30])]
    svg = str(bar_chart("Visits per week", describe(labels, series), labels, series))
    root = parse(svg)
    assert root.get("role") == "img" and root.get("aria-label") == "Visits per week"
    assert root.find(f"{SVG}title").text == "Visits per week"
    desc = root.find(f"{SVG}desc").text
    assert desc == "Visits: highest 30 (Jan 20). 1 values suppressed."
    assert root.get("aria-describedby") == root.find(f"{SVG}desc").get("id")
    bars = root.findall(f"{SVG}rect")
    assert [bar.find(f"{SVG}title").text for bar in bars] == [
        "Jan 6 — Visits: 12",
        "Jan 20 — Visits: 30",
    ]
    assert "style=" not in svg and "<script" not in svg


def test_labels_are_escaped():
    labels = ['<script>alert("x")</script>']
    svg = str(bar_chart("<b>t</b>", "d", labels, [Series("s & t", [3])]))
    assert "<script>" not in svg and "<b>" not in svg
    parse(svg)  # still well-formed XML


def test_a_line_breaks_at_a_suppressed_value_and_has_a_legend():
    labels = ["a", "b", "c", "d", "e"]
    series = [Series("Out", [20, 30, None, 40, 50]), Series("In", [10, 10, 10, 10, 10])]
    root = parse(str(line_chart("Syringes", "d", labels, series)))
    lines = root.findall(f"{SVG}polyline")
    assert len(lines) == 3  # "Out" in two pieces, "In" whole
    assert len(root.findall(f"{SVG}circle")) == 9
    assert [t.text for t in root.findall(f"{SVG}text") if t.text in ("Out", "In")] == ["Out", "In"]


def test_axis_steps_are_round_whole_numbers():
    assert [nice_scale(v) for v in (0, 2, 7, 12, 45, 230, 1900, 51_000)] == [
        (4, 4),
        (4, 4),
        (8, 4),
        (20, 4),
        (50, 5),
        (250, 5),
        (2000, 4),
        (80_000, 4),
    ]


def test_an_empty_series_says_so():
    text = describe(["a"], [Series("Visits", [None])])
    assert text == "Visits: no figures can be shown."
    assert re.search(r"<svg", str(bar_chart("t", text, ["a"], [Series("Visits", [None])])))
