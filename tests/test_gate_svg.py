"""The gate's rule for SVG files: only what a chart draws, read as a browser's XML parser reads it."""

from __future__ import annotations

import time

import pytest

from generator.gate.svg import svg_problems
from generator.render.charts import Chart, chart_svg

CHART = chart_svg(
    Chart("Requests", ("Justice", "State"), (("Granted", (3.0, 4.0)), ("Denied", (1.0, 2.0))), "Requests")
).decode("utf-8")
# A minimal document in the chart's form, with a place ({}) for a hostile part.
DOCUMENT = (
    '<?xml version="1.0" encoding="utf-8" standalone="no"?>\n'
    '<svg xmlns:xlink="http://www.w3.org/1999/xlink" width="10pt" height="10pt" viewBox="0 0 10 10" '
    'xmlns="http://www.w3.org/2000/svg" version="1.1">\n'
    ' <defs><style type="text/css">*{stroke-linejoin: round; stroke-linecap: butt}</style></defs>\n'
    ' <g id="figure_1"><defs><path id="m1" d="M 0 0 L 0 3.5" style="stroke: #000000; stroke-width: 0.8"/></defs>'
    '<use xlink:href="#m1" x="1" y="2" style="stroke: #000000"/>'
    '<text style="font-size: 10px; font-family: \'DejaVu Sans\', sans-serif; text-anchor: end" x="5" y="6" '
    'transform="rotate(-0 5 6)">Label &lt;b&gt;</text>{}</g>\n'
    ' <defs><clipPath id="p1"><rect x="0" y="0" width="10" height="10"/></clipPath></defs>\n'
    "</svg>\n"
)


def problems_with(part: str) -> list[str]:
    return svg_problems(DOCUMENT.replace("{}", part))


def test_the_charts_output_passes():
    assert svg_problems(CHART) == []


def test_the_minimal_document_passes():
    assert problems_with("") == []
    assert problems_with('<g id="a"><path d="M 0 0 z" clip-path="url(#p1)" style="fill: #0b5394"/></g>') == []


def test_a_text_elements_content_is_text_whatever_it_says():
    text = '<text x="1" y="1">&lt;script&gt;alert(1)&lt;/script&gt; javascript: url(https://x) @import</text>'
    assert problems_with(text) == []


# One test per hostile class: each shows the rule finds it, and says what it found.


@pytest.mark.parametrize(
    "script",
    [
        "<script>alert(1)</script>",
        '<script type="text/ecmascript" xlink:href="https://evil.example/x.js"/>',
        "<SCRIPT>alert(1)</SCRIPT>",
    ],
)
def test_a_script_element(script):
    assert "element <script> is not allowed" in problems_with(script)


@pytest.mark.parametrize(
    ("script", "expected"),
    [
        ('<h:script xmlns:h="http://www.w3.org/1999/xhtml">alert(1)</h:script>', "outside the SVG namespace"),
        ('<s:script xmlns:s="http://www.w3.org/2000/svg">alert(1)</s:script>', "element <script> is not allowed"),
        ('<g xmlns="http://www.w3.org/1999/xhtml"><script>alert(1)</script></g>', "outside the SVG namespace"),
    ],
)
def test_a_script_element_in_a_namespace_prefixed_form(script, expected):
    problems = problems_with(script)
    assert any(expected in problem for problem in problems)
    assert "a namespace declaration other than SVG's (default) and XLink's (xlink:)" in problems


def test_a_foreign_object_with_html():
    problems = problems_with(
        '<foreignObject width="10" height="10"><div xmlns="http://www.w3.org/1999/xhtml">'
        '<img src="x" onerror="alert(1)"/></div></foreignObject>'
    )
    assert "element <foreignobject> is not allowed" in problems
    assert "element <img> outside the SVG namespace is not allowed" in problems


@pytest.mark.parametrize("name", ["onload", "ONLOAD", "onLoad", "OnLoad", "onclick", "onmouseover", "onbegin"])
def test_an_event_handler_attribute(name):
    problems = problems_with(f'<g id="a" {name}="alert(1)"><text x="1" y="1" {name}="alert(1)">x</text></g>')
    assert f"event-handler attribute '{name.lower()}' on <g> is not allowed" in problems
    assert f"event-handler attribute '{name.lower()}' on <text> is not allowed" in problems


def test_an_event_handler_on_the_root():
    assert "event-handler attribute 'onload' on <svg> is not allowed" in svg_problems(
        DOCUMENT.replace('version="1.1"', 'version="1.1" onload="alert(1)"')
    )


@pytest.mark.parametrize(
    "target", ["https://evil.example/a.svg#m1", "javascript:alert(1)", "data:image/svg+xml,<svg/>", " #m1"]
)
@pytest.mark.parametrize("attribute", ["xlink:href", "href"])
def test_an_outside_link(target, attribute):
    target = target.replace("<", "&lt;")
    problems = problems_with(f'<use {attribute}="{target}" x="0" y="0"/>')
    assert f"a link on <use> that is not to an element of this file ('{attribute}')" in problems


def test_use_pointing_into_another_file():
    assert "a link on <use> that is not to an element of this file ('xlink:href')" in problems_with(
        '<use xlink:href="other.svg#m1" x="0" y="0"/>'
    )


def test_a_link_to_an_element_the_file_does_not_have():
    assert "a link to an element this file does not have" in problems_with('<use xlink:href="#nowhere" x="0" y="0"/>')


@pytest.mark.parametrize(
    ("style", "expected"),
    [
        ("fill: url(https://evil.example/x.svg#a)", "url() to anything but an element of this file"),
        ("fill: URL(//evil.example/x)", "url() to anything but an element of this file"),
        ("fill: &#x75;rl(https://evil.example/x)", "url() to anything but an element of this file"),
        ("fill: u\\72l(https://evil.example/x)", "CSS escape"),
        ("width: expression(alert(1))", "expression()"),
        ("fill: javascript:alert(1)", "javascript: URL"),
        ("behavior: x", "a style property that is not allowed"),
        ("fill: image-set('https://evil.example/a.png' 1x)", "a style value that is not allowed"),
    ],
)
def test_a_style_attribute_that_fetches_or_runs(style, expected):
    problems = problems_with(f'<path d="M 0 0" style="{style}"/>')
    assert any(expected in problem for problem in problems)


@pytest.mark.parametrize(
    ("sheet", "expected"),
    [
        ("*{fill: url(https://evil.example/x)}", "url() to anything but an element of this file"),
        ("@import 'https://evil.example/x.css';", "at-rule (such as @import)"),
        ("@IMPORT url(x.css);", "at-rule (such as @import)"),
        ("*{fill: red} </style><script>alert(1)</script><style>", "element <script> is not allowed"),
        ("*{fill: \\000075rl(x)}", "CSS escape"),
        ("*{background: expression(alert(1))}", "expression()"),
        ("text{ -moz-binding: x }", "a style property that is not allowed"),
        ("*{fill: red}}garbage{", "not plain rules of declarations"),
    ],
)
def test_a_style_element_that_fetches_or_runs(sheet, expected):
    problems = problems_with(f'<defs><style type="text/css">{sheet}</style></defs>')
    assert any(expected in problem for problem in problems)


def test_a_document_type_declaration_with_entities_is_refused_unparsed():
    laughs = "".join(f'<!ENTITY l{n} "{f"&l{n - 1};" * 10}">' for n in range(1, 10))
    text = DOCUMENT.replace("<svg ", f'<!DOCTYPE svg [<!ENTITY l0 "ha">{laughs}]>\n<svg ').replace("{}", "&l9;")
    start = time.monotonic()
    problems = svg_problems(text)
    assert problems == ["a document type declaration, comment or CDATA section is not allowed"]
    assert time.monotonic() - start < 1


def test_matplotlibs_own_doctype_is_refused():
    doctype = '<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN"\n  "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n'
    problems = svg_problems(DOCUMENT.replace("<svg ", doctype + "<svg ", 1).replace("{}", ""))
    assert "a document type declaration, comment or CDATA section is not allowed" in problems


@pytest.mark.parametrize(
    "instruction", ['<?xml-stylesheet type="text/xsl" href="https://evil.example/x.xsl"?>', "<?php echo 1 ?>"]
)
def test_a_processing_instruction(instruction):
    problems = svg_problems(DOCUMENT.replace("<svg ", instruction + "\n<svg ", 1).replace("{}", ""))
    assert problems == ["a processing instruction other than the XML declaration is not allowed"]


@pytest.mark.parametrize("part", ["<!-- a comment -->", "<text x='1' y='1'><![CDATA[<script>]]></text>"])
def test_comments_and_cdata_sections(part):
    assert "a document type declaration, comment or CDATA section is not allowed" in problems_with(part)


@pytest.mark.parametrize(
    "animation",
    [
        '<set attributeName="href" to="javascript:alert(1)"/>',
        '<animate attributeName="xlink:href" values="javascript:alert(1)"/>',
        '<animateTransform attributeName="transform" type="scale" from="1" to="2"/>',
        '<animateMotion path="M 0 0"/>',
    ],
)
def test_an_animation_changing_an_attribute(animation):
    name = animation[1:].split(" ")[0].lower()
    assert f"element <{name}> is not allowed" in problems_with(f'<use xlink:href="#m1" x="0" y="0">{animation}</use>')


def test_an_a_element():
    problems = problems_with('<a xlink:href="https://evil.example/"><text x="1" y="1">click</text></a>')
    assert "element <a> is not allowed" in problems
    assert "element <text> is not allowed here" in problems  # and nothing in it is where a chart puts it


@pytest.mark.parametrize(
    "element", ["<iframe/>", "<image xlink:href='#m1'/>", "<svg/>", "<tspan>x</tspan>", "<maria-lopez/>"]
)
def test_any_other_element(element):
    assert any(problem.startswith("element <") for problem in problems_with(element))


def test_two_root_svg_elements():
    second = '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    problems = svg_problems(DOCUMENT.replace("{}", "") + second)
    assert any(problem.startswith("the file is not well-formed XML (line") for problem in problems)


def test_an_svg_inside_the_svg():
    assert "2 <svg> elements instead of one" in problems_with('<svg width="1pt" height="1pt"/>')


@pytest.mark.parametrize(
    "change",
    [
        ('xmlns="http://www.w3.org/2000/svg"', 'xmlns="http://www.w3.org/1999/xhtml"'),
        ('xmlns="http://www.w3.org/2000/svg"', 'xmlns="http://www.w3.org/2000/svg-evil"'),
        ('xmlns="http://www.w3.org/2000/svg"', ""),
    ],
)
def test_the_wrong_namespace(change):
    assert "the root element is not <svg> in the SVG namespace" in svg_problems(
        DOCUMENT.replace(*change).replace("{}", "")
    )


def test_another_namespace_prefix_declared():
    problems = svg_problems(
        DOCUMENT.replace('version="1.1"', 'version="1.1" xmlns:x="http://www.w3.org/1999/xhtml"').replace("{}", "")
    )
    assert problems == ["a namespace declaration other than SVG's (default) and XLink's (xlink:)"]


@pytest.mark.parametrize(
    ("attribute", "expected"),
    [
        ('<path d="M 0 0" fill="url(https://evil.example/x)"/>', "attribute 'fill' on <path> is not allowed"),
        ('<path d="M 0 0" clip-path="url(https://evil.example/x)"/>', "the value of attribute 'clip-path'"),
        ('<path d="M 0 0 &lt;x&gt;"/>', "the value of attribute 'd'"),
        ('<text x="1" y="1" transform="url(#p1)">x</text>', "the value of attribute 'transform'"),
        ('<text x="1" y="1" xml:base="https://e.example/">x</text>', "attribute 'xml:base' on <text> is not allowed"),
        ('<use xlink:href="#m1" xlink:show="new" x="0" y="0"/>', "attribute 'an unknown attribute"),
    ],
)
def test_an_attribute_or_value_a_chart_never_writes(attribute, expected):
    assert any(expected in problem for problem in problems_with(attribute))


def test_text_outside_a_text_element():
    assert "text outside a <text> element (in <g>)" in problems_with("hello")


def test_an_encoding_other_than_utf8():
    text = DOCUMENT.replace('encoding="utf-8"', 'encoding="utf-7"').replace("{}", "")
    assert svg_problems(text) == ["the XML declaration names an encoding other than UTF-8"]


def test_text_that_is_not_xml():
    assert any("not well-formed XML" in problem for problem in svg_problems("<svg><g></svg>"))
    assert any("not well-formed XML" in problem for problem in problems_with("&nbsp;"))


def test_a_problem_never_quotes_a_value():
    problems = problems_with(
        '<maria-lopez jane-doe="x"/><g id="a" onload="jane.doe@example.org"/>'
        '<use xlink:href="https://jane.example/" x="0" y="0"/>'
        '<path d="M 0 0" style="fill: url(https://jane.example/)"/>'
    )
    assert len(problems) >= 4
    assert not any(word in " ".join(problems) for word in ("maria", "jane", "example"))
