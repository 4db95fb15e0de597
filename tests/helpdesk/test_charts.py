"""The SVG charts are well-formed, accessible and escape every label."""
import xml.etree.ElementTree as ElementTree

import pytest

from helpdesk import charts

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = 'Yeongam <script>alert("x")</script> & "Mokpo"'


def parse(svg):
    return ElementTree.fromstring(str(svg))


@pytest.mark.parametrize("draw", [charts.column_chart, charts.bar_chart])
def test_a_chart_is_an_image_named_by_its_title_and_description(draw):
    root = parse(draw("chart-language", "Cases by language", "From 2024-01-01 to 2024-02-29.",
                      [("Tiếng Việt", 275), ("한국어", 236), ("اردو", 3)]))
    assert root.tag == SVG + "svg" and root.get("role") == "img"
    title, description = root.find(SVG + "title"), root.find(SVG + "desc")
    assert title.text == "Cases by language" and description.text == "From 2024-01-01 to 2024-02-29."
    assert root.get("aria-labelledby").split() == [title.get("id"), description.get("id")]
    assert len(root.findall(f"{SVG}g/{SVG}rect")) == 3
    texts = [text.text for text in root.iter(SVG + "text")]
    assert "Tiếng Việt" in texts and "اردو" in texts and "275" in texts


@pytest.mark.parametrize("draw", [charts.column_chart, charts.bar_chart])
def test_labels_and_titles_are_escaped(draw):
    svg = str(draw('id" onload="x', HOSTILE, HOSTILE, [(HOSTILE, 5)]))
    assert "<script>" not in svg and 'onload="x"' not in svg
    root = parse(svg)  # still well-formed
    assert root.find(SVG + "title").text == HOSTILE
    assert root.find(f"{SVG}g/{SVG}title").text == f"{HOSTILE}: 5"
    assert all(element.tag.startswith(SVG) for element in root.iter())  # no foreign element got in


@pytest.mark.parametrize("draw", [charts.column_chart, charts.bar_chart])
def test_empty_and_zero_data_still_draw(draw):
    assert parse(draw("a", "Nothing", "No cases.", [])).tag == SVG + "svg"
    root = parse(draw("b", "Zeros", "No cases.", [("Web", 0), ("Phone", 0)]))
    assert [rect.get("height") if draw is charts.column_chart else rect.get("width")
            for rect in root.iter(SVG + "rect")] == ["0.0", "0.0"]


def test_bars_are_proportional_and_long_labels_shortened():
    root = parse(charts.bar_chart("c", "t", "d", [("A" * 60, 300), ("B", 150)]))
    widths = [float(rect.get("width")) for rect in root.iter(SVG + "rect")]
    assert widths[0] == pytest.approx(2 * widths[1])
    label = [text.text for text in root.iter(SVG + "text")][0]
    assert label.endswith("…") and len(label) == charts.LABEL_CHARACTERS


@pytest.mark.parametrize("maximum, step", [(0, 1), (3, 1), (10, 5), (412, 200), (487, 200), (899, 500), (12_345, 5000)])
def test_grid_steps_are_round(maximum, step):
    assert charts.nice_step(maximum) == step and isinstance(charts.nice_step(maximum), int)


def test_small_counts_get_whole_grid_lines():
    root = parse(charts.column_chart("d", "t", "d", [("2024-01", 3), ("2024-02", 1)]))
    ticks = [text.text for text in root.findall(SVG + "text")]
    assert ticks == ["0", "1", "2", "3"]
