import re
from html.parser import HTMLParser

import pytest
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from community.rendering import render


def test_it_renders_the_light_formatting():
    html = render("Hello **bold** and *italic*\n\n> a quote\n\nSee [the report](https://example.org/r)")
    assert "<strong>bold</strong>" in html
    assert "<em>italic</em>" in html
    assert "<blockquote>" in html
    assert '<a href="https://example.org/r" rel="nofollow ugc noopener">the report</a>' in html


def test_it_shows_raw_html_as_text():
    html = render('<script>alert(1)</script> <b onclick="x()">hi</b>')
    assert "<script" not in html and "<b " not in html
    assert "&lt;script&gt;" in html


def test_it_drops_javascript_links_and_images():
    html = render("[click](javascript:alert(1)) ![x](https://example.org/x.png)")
    assert "javascript:" not in html
    assert "<img" not in html


def test_it_strips_control_characters():
    assert render("a\x00b\u202ec") == "<p>abc</p>"


PIECES = st.sampled_from([
    "<script>", "</script>", "<img src=x onerror=alert(1)>", "javascript:", "[a](", ")", "](", "**", "*", "> ",
    "\n\n", "<a href='javascript:x'>", "<svg onload=x>", "&#106;avascript:", "<", ">", "\"", "'", " onmouseover=",
    "<iframe>", "<style>", "jav\tascript:", "jav\nascript:", " javascript:", "`", "<<", "data:text/html,",
    "[x](javascript&#58;y)",
])


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, attrs))


def _is_javascript_url(value: str) -> bool:
    # What a browser's URL parser does before reading the scheme (WHATWG URL):
    # trim leading and trailing C0 controls and spaces, remove every tab and newline.
    controls_and_space = "".join(chr(c) for c in range(0x20)) + " "
    url = re.sub(r"[\t\n\r]", "", (value or "").strip(controls_and_space))
    return url.lower().startswith(("javascript:", "vbscript:", "data:"))


@hsettings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(PIECES, st.text(max_size=12)), max_size=25).map("".join))
def test_it_never_outputs_a_script_handler_or_javascript_url(text):
    parser = _Tags()
    parser.feed(render(text))
    for tag, attrs in parser.found:
        assert tag in {"p", "br", "strong", "em", "a", "blockquote"}, (text, tag)
        for name, value in attrs:
            assert not name.startswith("on"), (text, name)
            assert not _is_javascript_url(value), (text, value)


@pytest.mark.parametrize("payload", [
    "[a](jav\tascript:alert(1))", "[a](jav\nascript:alert(1))", "[a]( javascript:alert(1))",
    "[a](JaVaScRiPt:alert(1))", "[a](javascript&#58;alert(1))", "<javascript:alert(1)>", "[a](data:text/html,<b>x</b>)",
])
def test_it_neutralises_known_link_payloads(payload):
    parser = _Tags()
    parser.feed(render(payload))
    hrefs = [value for _tag, attrs in parser.found for name, value in attrs if name == "href"]
    assert not any(_is_javascript_url(h) for h in hrefs), hrefs
