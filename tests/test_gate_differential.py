"""The gate's parser against Chromium's: every fragment whose DOM holds active content in Chromium is flagged.

Each fragment is placed inside <article> and loaded in headless Chromium (Debian's, JavaScript
disabled: the DOM is read, nothing runs). Chromium's DOM is then asked whether it holds a script
element, an event-handler attribute, a frame or plugin, or a javascript:/vbscript:/data: URL in a
URL-valued attribute (read with the browser's own URL parser); the gate must flag every such
fragment, and pass the harmless ones. The element names the gate's parser sees must be Chromium's.
"""

from __future__ import annotations

from collections import Counter

import pytest
from chromium import CHROMIUM, CHROMIUM_ARGS, require_chromium

from generator.gate.html5 import events, parse
from generator.gate.markup import check_page

playwright_api = require_chromium()

HOSTILE = [
    "<script>alert(1)</script>",
    "<svg><script>alert(1)</script></svg>",
    "<img src=x onerror=alert(1)>",
    '<a href="java&#x09;script:alert(1)">x</a>',
    '<a href="java\tscript:alert(1)">x</a>',
    '<a href=" javascript:alert(1)">x</a>',
    '<a href="&#106;avascript&colon;alert(1)">x</a>',
    "<a href=javascript:alert(1)>unquoted</a>",
    '<a href="vbscript:msgbox(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg">x</a>',
    '<form><button formaction="javascript:alert(1)">x</button></form>',
    '<img srcset="a.png 1x, javascript:alert(1) 2x">',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<object data="data:text/html,<script>alert(1)</script>"></object>',
    '<embed src="javascript:alert(1)">',
    "<!--><script>alert(1)</script>-->",
    "<!---><script>alert(1)</script>-->",
    "<![CDATA[><script>alert(1)</script>]]>",
    "<?x><script>alert(1)</script>",
    "<p></x ><img src=x onerror=alert(1)></p>",
    "<template><img src=x onerror=alert(1)></template>",
    '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    '<svg><animate attributeName="href" values="javascript:alert(1)"/></svg>',
    '<math><mi href="javascript:alert(1)">x</mi></math>',
    '<math><annotation-xml encoding="text/html"><img src=x onerror=alert(1)></annotation-xml></math>',
    '<base href="javascript:alert(1)//">',
    "<p>x</p></article><script>alert(1)</script>",
    "</article><img src=x onerror=alert(1)>",
    "<p>x</div></div></body><img src=x onerror=alert(1)>",
    '<a href="https://ok.example" onclick="alert(1)">x</a>',
]
# Raw text and markup that only looks hostile: inert in Chromium, but outside the allowlist, so still flagged.
INERT_BUT_FLAGGED = [
    "<textarea><script>alert(1)</script></textarea>",
    "<title><script>alert(1)</script></title>",
    "<style><img src=x onerror=alert(1)></style>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></p></noscript>',
    "<p><!-- <script>alert(1)</script> --></p>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>",
]
HARMLESS = [
    '<p title="</p><img src=x onerror=alert(1)>">x</p>',
    '<a href="https://ok.example" href="javascript:alert(1)">first wins</a>',
    "<div><p>unclosed <em>text",
    "<p>a &lt;script&gt;alert(1)&lt;/script&gt; b</p>",
    "<table><tr><td>x</td></tr></table>",
    '<a href="../x/" title="JavaScript: the good parts">x</a>',
    '<a href="#x" class="headerlink">q</a><br><hr>',
    "<p>Data: arrests by year <code>javascript:</code></p>",
    "<ul><li>one<li>two</ul><dl><dt>t<dd>d</dl>",
    '<h2 id="a">T</h2><blockquote><p><strong>b</strong> <s>s</s> <del>d</del></p></blockquote><pre>x</pre>',
]

# Read the DOM, not the page: the URL attributes checked and the URL parser are the browser's own.
DOM_PROBE = """() => {
  const urlAttributes = new Set(["href", "src", "action", "formaction", "xlink:href", "poster", "data", "srcset",
    "background", "cite", "longdesc", "usemap", "manifest", "codebase", "ping", "archive", "classid", "values",
    "to", "from", "by"]);
  const frames = new Set(["script", "iframe", "frame", "object", "embed", "applet", "base"]);
  const tags = [];
  const active = [];
  const unsafe = (value) => {
    try { return ["javascript:", "vbscript:", "data:"].includes(new URL(value, document.baseURI).protocol); }
    catch (e) { return false; }
  };
  const visit = (root) => {
    for (const element of root.querySelectorAll("*")) {
      const tag = element.localName.toLowerCase();
      tags.push(tag);
      if (frames.has(tag)) active.push("element " + tag);
      for (const attribute of element.attributes) {
        const name = attribute.name.toLowerCase();
        if (name.startsWith("on")) active.push("handler " + name);
        if (!urlAttributes.has(name)) continue;
        const values = name === "srcset" ? attribute.value.split(",").map((c) => c.trim().split(/\\s+/)[0])
          : name === "values" ? attribute.value.split(";") : name === "ping" ? attribute.value.split(/\\s+/)
          : [attribute.value];
        if (values.some(unsafe)) active.push("url in " + name);
      }
      if (tag === "template") visit(element.content);
    }
  };
  visit(document);
  return {tags, active};
}"""


def document(fragment: str) -> str:
    return f"<!DOCTYPE html><html><head><title>t</title></head><body><article>{fragment}</article></body></html>"


def gate_flags(fragment: str) -> bool:
    check = check_page(document(fragment))
    return bool(check.problems or check.chrome)


def gate_tags(fragment: str) -> Counter[str]:
    return Counter(
        (node.tag or "").lower()
        for node, entering in events(parse(document(fragment)))
        if entering and node.is_element_node
    )


@pytest.fixture(scope="module")
def chromium_dom():
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(java_script_enabled=False)
        page = context.new_page()
        page.set_default_timeout(10000)
        results = {}
        for fragment in HOSTILE + INERT_BUT_FLAGGED + HARMLESS:
            page.set_content(document(fragment), wait_until="domcontentloaded")
            results[fragment] = page.evaluate(DOM_PROBE)
        context.close()
        browser.close()
        yield results


@pytest.mark.parametrize("fragment", HOSTILE)
def test_chromium_sees_active_content_and_the_gate_flags_it(chromium_dom, fragment):
    assert chromium_dom[fragment]["active"], "the corpus expects Chromium to see active content here"
    assert gate_flags(fragment)


@pytest.mark.parametrize("fragment", INERT_BUT_FLAGGED + HARMLESS)
def test_the_gate_flags_whatever_chromium_finds_active(chromium_dom, fragment):
    if chromium_dom[fragment]["active"]:
        assert gate_flags(fragment)


@pytest.mark.parametrize("fragment", INERT_BUT_FLAGGED)
def test_inert_markup_outside_the_allowlist_is_still_flagged(fragment):
    assert gate_flags(fragment)


@pytest.mark.parametrize("fragment", HARMLESS)
def test_harmless_fragments_pass_in_both(chromium_dom, fragment):
    assert chromium_dom[fragment]["active"] == []
    assert not gate_flags(fragment), check_page(document(fragment)).problems


@pytest.mark.parametrize("fragment", HOSTILE + INERT_BUT_FLAGGED + HARMLESS)
def test_the_gate_parses_the_same_elements_as_chromium(chromium_dom, fragment):
    assert gate_tags(fragment) == Counter(chromium_dom[fragment]["tags"])
