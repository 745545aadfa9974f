"""liveblogs.diffs: what changed between two versions of a post."""

from liveblogs.diffs import ADDED, EQUAL, REMOVED, body_text, compare, segments


def _snap(**fields):
    base = {"kind": "update", "headline": "", "label": "", "body": "", "article_url": "",
            "article_author": "", "article_headline": "", "article_standfirst": ""}
    return base | fields


def test_it_marks_removed_and_added_words():
    assert segments("Six people hurt", "Seven people hurt") == [
        (REMOVED, "Six"), (ADDED, "Seven"), (EQUAL, " people hurt"),
    ]


def test_it_lists_only_changed_fields_in_form_order():
    changes = compare(
        _snap(headline="A", body="<p>Same.</p>"), _snap(headline="B", label="breaking", body="<p>Same.</p>")
    )
    assert [c.label for c in changes] == ["Headline", "Label"]
    assert changes[1].after == "Breaking"


def test_it_compares_body_text_one_line_per_paragraph():
    [change] = compare(
        _snap(body="<p>One.</p><p>Two &amp; three.</p>"), _snap(body="<p>One.</p><p>Two &amp; four.</p>")
    )
    assert change.before == "One.\nTwo & three."
    assert change.after == "One.\nTwo & four."
    assert (REMOVED, "three.") in change.segments and (ADDED, "four.") in change.segments


def test_it_falls_back_to_html_when_only_markup_changed():
    [change] = compare(
        _snap(body='<p><a href="https://a.example">Source</a></p>'),
        _snap(body='<p><a href="https://b.example">Source</a></p>'),
    )
    assert change.markup_only
    assert "https://a.example" in change.before and "https://b.example" in change.after


def test_it_treats_a_first_version_as_all_added():
    changes = compare(None, _snap(headline="Hello"))
    assert [(c.label, c.segments) for c in changes] == [
        ("Post type", [(ADDED, "Update")]),
        ("Headline", [(ADDED, "Hello")]),
    ]


def test_it_leaves_text_as_plain_strings_for_the_template_to_escape():
    [change] = compare(_snap(headline="a"), _snap(headline="<script>x</script>"))
    assert change.after == "<script>x</script>"  # escaped when rendered, never marked safe


def test_body_text_skips_empty_lines():
    assert body_text("<p>One</p><ul><li>a</li><li>b</li></ul>") == "One\na\nb"
