"""Checks the distribution tests share: XML Schema validation of sitemaps and
JSON-LD expansion, from the files in schemas/ (nothing is downloaded)."""

import json
from functools import cache
from pathlib import Path

from lxml import etree
from pyld import jsonld
from pyld.documentloader.frozen import FrozenDocumentLoader

SCHEMAS = Path(__file__).parent / "schemas"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
NS = {"sm": SITEMAP_NS, "news": NEWS_NS}


@cache
def _schema(name: str) -> etree.XMLSchema:
    # Parsed from the file so <xsd:include>/<xsd:import> resolve beside it.
    return etree.XMLSchema(etree.parse(str(SCHEMAS / name)))


def valid_xml(content: bytes, schema: str) -> etree._Element:
    """The parsed document, after asserting it is valid against `schema`."""
    doc = etree.fromstring(content, etree.XMLParser(resolve_entities=False, no_network=True))
    xsd = _schema(schema)
    assert xsd.validate(doc), "\n".join(str(e) for e in xsd.error_log)
    return doc


# A small local stand-in for the schema.org context (its vocabulary and the
# types of the properties we check), so the parser never goes to the network.
_SCHEMA_ORG = json.loads((SCHEMAS / "schema.org.jsonld").read_text())
_loader = FrozenDocumentLoader(
    documents={url: _SCHEMA_ORG for url in ("https://schema.org", "https://schema.org/", "http://schema.org", "http://schema.org/")}
)

SCHEMA = "http://schema.org/"


def expand_jsonld(text: str) -> list[dict]:
    """JSON-LD expanded by a real processor (pyld): keywords, @type and the
    context are interpreted, not just parsed as JSON."""
    return jsonld.expand(json.loads(text), {"documentLoader": _loader})
