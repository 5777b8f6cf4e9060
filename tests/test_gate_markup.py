"""Rule 3 in-process: markup read as a browser reads it (WHATWG parsing), checked by meaning."""

from __future__ import annotations

import json

import pytest
from sitebuild import mkdocs_build

from generator.gate.html5 import read
from generator.gate.markup import check_markup, check_page, markup_problems, unsafe_url_attribute
from generator.gate.sitefiles import SiteFiles
from generator.gate.sitemap import sitemap_problems
from generator.gate.theme_scripts import pattern
from generator.stylesheets import stylesheet_problems

CHROME = '<html><head><title>T</title><script src="../assets/a.js"></script></head><body><nav>x</nav>'


def page(article: str, chrome: str = "") -> str:
    return f"{CHROME}{chrome}<article class='md-content__inner'>{article}</article></body></html>"


def article_problems(fragment: str) -> list[str]:
    return markup_problems(page(fragment))


# Comment nodes: a browser turns CDATA sections, bogus comments and processing instructions into comments.


@pytest.mark.parametrize(
    "fragment",
    [
        "<p>a<!-- x -->b</p>",
        "<p><![CDATA[x]]></p>",
        "<p><?php echo 1 ?></p>",
        "<p><?xml-stylesheet href=x?></p>",
        "<p><!x></p>",
        "<p></ x></p>",
        "<!-->",
        "<!--->",
        "<p><!--></p>",
    ],
)
def test_every_comment_node_in_the_article_is_a_finding(fragment):
    assert any("comment node" in problem for problem in article_problems(fragment))


@pytest.mark.parametrize(
    ("fragment", "element"),
    [
        ("<svg><script>alert(1)</script></svg>", "svg"),
        ("<svg><script>alert(1)</script></svg>", "script"),
        ("<math><mi><script>x</script></mi></math>", "script"),
        ('<math><annotation-xml encoding="text/html"><img src=x onerror=alert(1)></annotation-xml></math>', "img"),
        ("<noscript><p title='</noscript><img src=x onerror=alert(1)>'></p></noscript>", "noscript"),
        ("<template><script>alert(1)</script></template>", "template"),
        ("<p><template><template><script>alert(1)</script></template></template></p>", "script"),
        ("<textarea><script>x</script></textarea>", "textarea"),
        ("<form><button formaction='javascript:alert(1)'>x</button></form>", "button"),
        ("<iframe srcdoc='&lt;script&gt;alert(1)&lt;/script&gt;'></iframe>", "iframe"),
    ],
)
def test_active_elements_hidden_in_foreign_or_raw_content_are_found(fragment, element):
    assert any(p.startswith(f"element <{element}> is not allowed") for p in article_problems(fragment))


def test_template_content_is_walked():
    assert "attribute 'onclick' on <p> is not allowed" in article_problems("<template><p onclick=x>y</p></template>")


@pytest.mark.parametrize(
    "href",
    [
        "java&#x09;script:alert(1)",
        "java&Tab;script:alert(1)",
        "&#x6A;avascript:alert(1)",
        " javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "java&#x0A;script:x",
        "vbscript:x",
        "data:text/html,x",
        "//evil.example/x",
        "\\\\evil/x",
        "&#x01;javascript:alert(1)",
        "\x01javascript:alert(1)",
    ],
)
def test_entity_encoded_and_disguised_schemes_in_links_fail(href):
    problems = article_problems(f'<a href="{href}">x</a>')
    assert any(problem.startswith("link with") for problem in problems), problems


def test_duplicate_attribute_is_read_as_the_browser_reads_it():
    # The first one wins in a browser; the second is dropped by the parser as by Chromium.
    assert article_problems('<a href="https://ok.example" href="javascript:x">x</a>') == []
    assert article_problems('<a href="javascript:x" href="https://ok.example">x</a>') != []


def test_allowlisted_article_passes():
    fragment = (
        '<h2 id="x">T<a class="headerlink" href="#x" title="Permanent link">&para;</a></h2>'
        '<p>JavaScript: the good parts <em>and</em> <code>data:</code> <a href="../y/">y</a></p>'
        "<table><thead><tr><th>a</th></tr></thead><tbody><tr><td>b</td></tr></tbody></table>"
    )
    assert article_problems(fragment) == []


def test_unquoted_attribute_with_event_handler_fails():
    assert "attribute 'onmouseover' on <p> is not allowed" in article_problems("<p title=x onmouseover=alert(1)>y</p>")


# Outside the article: attributes by meaning.


@pytest.mark.parametrize(
    "chrome",
    [
        '<a aria-label="JavaScript: the good parts" title="Data: arrests by year" href="../x/">x</a>',
        '<meta name="description" content="JavaScript: the good parts"><img alt="vbscript: notes" src="a.png">',
        '<input placeholder="data: search" value="javascript: x">',
    ],
)
def test_scheme_like_text_outside_url_attributes_is_text(chrome):
    check = check_page(page("<p>x</p>", chrome))
    assert [key for key in check.chrome if key.startswith("URL scheme")] == [] and check.problems == []


@pytest.mark.parametrize(
    ("tag", "name", "value"),
    [
        ("a", "href", "  java\tscript:alert(1)"),
        ("img", "src", "\x01data:image/svg+xml,x"),
        ("img", "srcset", "a.png 1x, javascript:x 2x"),
        ("button", "formaction", "javascript:x"),
        ("a", "xlink:href", "javascript:x"),
        ("animate", "values", "x;javascript:alert(1)"),
        ("a", "ping", "a javascript:x"),
        ("meta", "content", "0; url=javascript:alert(1)"),
        ("object", "data", "data:text/html,x"),
    ],
)
def test_script_urls_in_url_attributes_are_unsafe(tag, name, value):
    assert unsafe_url_attribute(tag, name, value)


def test_handlers_refreshes_and_script_urls_in_the_chrome_are_findings_on_their_own():
    # No theme writes these outside the article: each is a finding even when every page has it.
    check = check_page(
        page(
            "<p>x</p>",
            '<meta http-equiv="refresh" content="0;url=javascript:x"><svg><script>x'
            '</script></svg><a href="j&#x61;vascript:x" onclick="x">x</a><iframe></iframe>',
        )
    )
    assert check.problems == [
        "a meta refresh outside the generated content",
        "a script URL in 'content' of <meta> outside the generated content",
        "a script URL in 'href' of <a> outside the generated content",
        "event handler 'onclick' on <a> outside the generated content",
        "element <iframe> outside the generated content",
    ]
    assert check.chrome - check_page(page("<p>x</p>")).chrome == {"element <script>": 1}
    assert check.scripts == ["x"]


@pytest.mark.parametrize(
    ("meta", "problem"),
    [
        ('<meta charset="utf-8">', False),
        ('<meta http-equiv="Content-Type" content="text/html; charset=UTF-8">', False),
        ('<meta charset="shift_jis">', True),
        ('<meta charset=" ISO-2022-JP ">', True),
        ("<meta http-equiv=content-type content='text/html;charset=\"utf-7\"'>", True),
    ],
)
def test_only_utf8_may_be_declared(meta, problem):
    problems = check_page(page("<p>x</p>", meta)).problems
    assert problems == (
        ["a character encoding other than UTF-8 declared outside the generated content"] if problem else []
    )


def test_only_executable_inline_scripts_are_collected():
    chrome = '<script type="application/json">{"a": 1}</script><script type=" Module ">m()</script><script src="b.js">'
    assert check_page(page("<p>x</p>", chrome)).scripts == ["m()"]


def test_whole_fragment_allows_the_document_and_an_xml_declaration_only():
    assert (
        markup_problems(
            '<?xml version="1.0" encoding="utf-8"?><!DOCTYPE html><html><body><p>x</p></body></html>',
            whole_fragment=True,
        )
        == []
    )
    assert markup_problems('<!DOCTYPE x [<!ENTITY e "y">]><p>&e;</p>', whole_fragment=True) != []
    assert markup_problems("<p>x</p><?xml-stylesheet href='a.xsl'?>", whole_fragment=True) != []


# Visible text like a browser's.


def test_inline_elements_join_without_separators_and_blocks_split():
    reading = read(
        "<title>Page</title><p>12<em>3-4</em>5-<code>6789</code> <a href='x'>a</a>b</p><p>next</p>"
        "<table><tr><td>c1</td><td>c2</td></tr><tr><td>d</td></tr></table>x<br>y"
    )
    assert "Page" in reading.visible
    assert "123-45-6789 ab\nnext" in reading.visible
    assert "c1\tc2" in reading.visible and "x\ny" in reading.visible


def test_scripts_styles_and_templates_are_not_visible_but_are_readable():
    reading = read(
        "<p>shown</p><script>var a = 'in script';</script><style>b{}</style>"
        "<template><p>in template</p></template><!-- in comment -->"
    )
    assert reading.visible == "shown"
    for hidden in ("in script", "b{}", "in template", "in comment"):
        assert hidden in reading.hidden and hidden in reading.everything()


def test_text_and_url_attributes_are_read_not_geometry():
    reading = read(
        '<a href="mailto:jane%2Edoe%40example.org" title="t1" data-x="d1" aria-label="l1">x</a>'
        '<img alt="a1" src="p%20q.png"><svg viewBox="0 0 202 555" ><path d="M202 555 0143"/></svg>'
    )
    values = {value for _, _, value in reading.attributes}
    assert {"mailto:jane.doe@example.org", "t1", "d1", "l1", "a1", "p q.png"} <= values
    assert not any("202" in value for value in values)


# The sitemap.

SITEMAP = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
    "<url><loc>https://example.org/a/</loc><lastmod>2020-01-02</lastmod></url></urlset>\n"
)


def test_a_plain_sitemap_passes():
    assert sitemap_problems(SITEMAP) == []


@pytest.mark.parametrize(
    "change",
    [
        ("<url>", "<url><script>alert(1)</script>"),
        ("<urlset", '<?xml-stylesheet type="text/xsl" href="x.xsl"?><urlset'),
        ("<urlset", '<!DOCTYPE urlset [<!ENTITY e "x">]><urlset'),
        ("https://example.org/a/", "javascript:alert(1)"),
        ("<url>", '<url><x:script xmlns:x="http://www.w3.org/1999/xhtml">alert(1)</x:script>'),
        ("<lastmod>", "<lastmod><!-- x -->"),
        ("sitemap/0.9", "sitemap/0.9-evil"),
        ("</urlset>", "</urlset>text after"),
    ],
)
def test_anything_beyond_the_sitemap_protocol_fails(change):
    assert sitemap_problems(SITEMAP.replace(*change))


# Stylesheets.


def test_the_sites_own_stylesheet_passes():
    css = (
        ".rr-scroll { overflow-x: auto; }\n@font-face { src: url(fonts/a.woff2); }\n@import '/assets/b.css';\n"
        ".behavior { background: url('../images/x.png'); }"
    )
    assert stylesheet_problems(css) == []


@pytest.mark.parametrize(
    "css",
    [
        "@import url(https://evil.example/x.css);",
        "@import '//evil.example/x.css';",
        "a { background: url(https://evil.example/t.png) }",
        "a { background: url(//evil.example/t.png) }",
        "a { background: u\\72l(data:image/png,x) }",
        "a { width: expression(alert(1)) }",
        "a { behavior: url(x.htc) }",
        "a { -moz-binding: url(x.xml#y) }",
        "a { background: url('java\\73 cript:x') }",
        "a { content: 'javascript:alert(1)' }",
        "a { background: image-set('https://evil.example/a.png' 1x) }",
        "@media print { a { background: url(\\2f\\2f evil.example/x) } }",
    ],
)
def test_hostile_stylesheets_fail(css):
    assert stylesheet_problems(css)


# A whole site: titles that read like URL schemes are text, not script URLs.


def test_titles_that_start_like_schemes_pass_the_gate(site_room, tmp_path):
    site_room.edit("releases/test-release/release.yml", "title: Test release", "title: 'JavaScript: the good parts'")
    site_room.edit("releases/test-release/release.yml", "title: People", "title: 'Data: arrests by year'")
    site_room.write("content/about.md", "---\ntitle: 'vbscript: a history'\n---\n# About\n")
    result = mkdocs_build(site_room.root, tmp_path / "site")
    assert result.returncode == 0, result.stderr[-3000:]
    assert ", 0 findings." in result.stderr
    page = (tmp_path / "site/releases/test-release/index.html").read_text()
    assert "JavaScript: the good parts" in page and "Data: arrests by year" in page


def test_names_only_content_could_give_are_described_not_printed():
    problems = article_problems('<maria-lopez data-md="1" jane-doe="x">y</maria-lopez><p maria="x">z</p>')
    assert problems == [
        "element <an unknown element, text of 11 characters> is not allowed",
        "attribute 'data-md' on <an unknown element, text of 11 characters> is not allowed",
        "attribute 'an unknown attribute, text of 8 characters' on <an unknown element, text of 11 characters> is "
        "not allowed",
        "attribute 'an unknown attribute, text of 5 characters' on <p> is not allowed",
    ]
    assert "maria" not in " ".join(sitemap_problems("<urlset><maria>x</maria></urlset>"))


@pytest.mark.parametrize(
    "location", ["javascript:alert(document.domain)//", " JaVaScRiPt:x", "//evil.example/", "data:x"]
)
def test_a_search_entry_location_is_a_link_and_must_be_safe(tmp_path, location):
    """The theme turns each search result's location into a link a visitor clicks."""
    index = {"docs": [{"location": "about/", "title": "About", "text": "x"}, {"location": location, "title": "Z"}]}
    root = tmp_path / "site"
    (root / "search").mkdir(parents=True)
    (root / "search/search_index.json").write_text(json.dumps(index))
    found = [str(f) for f in check_markup(SiteFiles(root))]
    assert [f for f in found if f.startswith("search/search_index.json: search entry 2: [active-content] link with")]
    assert not [f for f in found if "search entry 1" in f]


def test_a_heading_anchor_is_never_quoted_in_a_finding(tmp_path):
    index = {"docs": [{"location": "about/#ssn-123-45-6789", "title": "SSN 123-45-6789", "text": ""}]}
    root = tmp_path / "site"
    (root / "search").mkdir(parents=True)
    (root / "search/search_index.json").write_text(json.dumps(index))
    entries = list(SiteFiles(root).search_entries())
    assert [entry.place for entry in entries] == ["search entry 1 (page 'about/')"]


@pytest.mark.parametrize(
    "chrome",
    [
        '<img src="https://evil.example/track.gif">',
        '<link rel="stylesheet" href="https://evil.example/x.css">',
        '<link rel="preload" href="//evil.example/x.js">',
        "<style>body { background: url(https://evil.example/bg) }</style>",
        '<script src="https://evil.example/x.js"></script>',
        '<video poster="https://evil.example/p.png"></video>',
    ],
)
def test_nothing_outside_the_article_loads_from_another_site(chrome):
    assert check_page(page("<p>x</p>", chrome)).problems


@pytest.mark.parametrize(
    "chrome",
    ['<a href="https://github.com/org/repo">Source</a>', '<link rel="canonical" href="https://example.org/a/">'],
)
def test_links_to_other_sites_and_canonical_addresses_are_allowed_outside_the_article(chrome):
    assert check_page(page("<p>x</p>", chrome)).problems == []


@pytest.mark.parametrize("article", ['<p id="__config">{}</p>', '<p id="__md_scope">x</p>'])
def test_an_id_in_the_theme_scripts_namespace_is_a_finding(article):
    assert "an id that the theme's own page parts use" in check_page(page(article)).problems


def test_an_id_the_chrome_uses_is_a_finding_in_the_article():
    html = page('<h2 id="search">Search</h2>', '<div id="search"></div>')
    assert "an id that the theme's own page parts use" in check_page(html).problems


# Inline scripts outside the article must be the theme's own (theme_scripts.py).


def test_a_quoted_template_value_cannot_become_code():
    compiled = pattern('var base=new URL("{{ base_url }}",location);go({{ x | tojson }})')
    assert compiled is not None
    assert compiled.fullmatch('var base=new URL("../..",location);go("a b")')
    assert compiled.fullmatch('var base=new URL("",location);go(12.5)')
    assert not compiled.fullmatch('var base=new URL("",alert(1),"",location);go(1)')
    assert not compiled.fullmatch('var base=new URL("x",location);go(alert(1))')
    assert not compiled.fullmatch('var base=new URL("x",location);go("\\"+alert(1)+"")')


def test_template_whitespace_control_and_statements():
    compiled = pattern("a( {{- x -}} )")
    assert compiled is not None and compiled.fullmatch("a(null)")
    assert pattern("{% if x %}a(){% endif %}") is None


def _themed_site(tmp_path, chrome: str):
    theme = tmp_path / "theme"
    theme.mkdir()
    (theme / "main.html").write_text('<script>__md_scope=new URL("{{ base_url }}",location)</script>')
    site = tmp_path / "site"
    for name in ("index.html", "a/index.html"):
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text(page("<p>x</p>", chrome), encoding="utf-8")
    return SiteFiles(site, theme_dirs=(theme,))


def test_the_themes_own_inline_scripts_pass(tmp_path):
    assert check_markup(_themed_site(tmp_path, '<script>__md_scope=new URL("..",location)</script>')) == []


@pytest.mark.parametrize(
    "script",
    [
        "<script>alert(1)</script>",
        '<script>__md_scope=new URL("",location),alert(1)</script>',
        '<script type="text/javascript">__md_scope=new URL("x",location);</script>',
    ],
)
def test_a_script_on_every_page_that_no_template_writes_is_a_finding(tmp_path, script):
    chrome = f'<script>__md_scope=new URL("..",location)</script>{script}'
    findings = check_markup(_themed_site(tmp_path, chrome))
    assert [(f.file, f.detail) for f in findings] == [
        ("a/index.html", "an inline script no theme template writes"),
        ("index.html", "an inline script no theme template writes"),
    ]


def test_a_table_scroller_may_be_a_named_region_in_the_tab_order():
    scroller = '<div class="rr-scroll" tabindex="0" role="region" aria-label="Table"><table></table></div>'
    assert article_problems(scroller) == []


@pytest.mark.parametrize(
    ("attribute", "value"),
    [("tabindex", "-1"), ("tabindex", "32767"), ("role", "button"), ("role", "dialog"), ("role", "alert")],
)
def test_focus_and_roles_only_as_the_templates_write_them(attribute, value):
    assert f"attribute '{attribute}' on <div> with a value no template writes" in article_problems(
        f'<div {attribute}="{value}">x</div>'
    )
