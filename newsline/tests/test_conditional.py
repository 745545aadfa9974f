"""One If-None-Match rule for every cacheable answer (newsline/lib/conditional.py)."""

import pytest

from newsline.lib.conditional import etag_matches


@pytest.mark.parametrize(
    "header",
    [
        '"3-41-v7"',  # what a browser sends back
        'W/"3-41-v7"',  # what comes back through nginx's gzip, which weakens tags
        '"0-1-v7", "3-41-v7"',  # a cache holding two versions
        "*",
    ],
)
def test_it_matches_what_a_client_may_send_for_the_same_version(header):
    assert etag_matches(header, '"3-41-v7"')
    assert etag_matches(header.encode(), b'"3-41-v7"')


@pytest.mark.parametrize("header", [None, "", '"3-40-v7"', 'W/"3-4"', "3-41-v7", '"3-41-v7'])
def test_it_does_not_match_another_version_or_a_malformed_header(header):
    assert not etag_matches(header, '"3-41-v7"')
