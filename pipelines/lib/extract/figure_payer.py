"""The government and agency that pay a money figure (`attribution.payer`, given the figure's
sentence, paragraph and document)."""

from __future__ import annotations

from pipelines.lib.extract import attribution
from pipelines.lib.extract.document import _context, _Doc, _sentence_hits, _Typed
from pipelines.lib.extract.phrases import PhraseHit

# a figure's own-currency government, as a last resort for its payer; not for USD, which news in
# every country uses for foreign figures and conversions
_CURRENCY_GOVERNMENT = {c: g for c, g in attribution.CURRENCY_GOVERNMENT.items() if c != "USD"}


def _government(doc: _Doc, t: _Typed) -> tuple[str | None, str | None]:
    m = t.m
    sent = doc.seg.sentence_at(m.start)
    ctx = _context(doc, sent)
    if ctx.entity_hits is None:
        ctx.entity_hits = [h for h, _ in ctx.entities]  # payer reads only the hits that name an entity
    return attribution.payer(
        scan=doc.scan,
        start=m.start,
        end=m.end,
        currency=m.currency,
        sentence_hits=ctx.entity_hits,
        paragraph_hits=lambda lo, hi: _paragraph_hits(doc, lo, hi),
        document_hits=doc.hits,
        doc_government=doc.government,
        doc_agency=doc.agency,
        currency_government=_CURRENCY_GOVERNMENT.get(m.currency or ""),
        clause=(lambda c: (c.start, c.end))(doc.seg.clause_at(m.start, m.end)),
    )


def _paragraph_hits(doc: _Doc, lo: int, hi: int) -> list[PhraseHit]:
    """The hits of a paragraph, one list per paragraph (attribution caches its payers by list)."""
    key = ("paragraph", lo, hi)
    found = doc.entity_cache.get(key)
    if found is None:
        found = doc.entity_cache[key] = _sentence_hits(doc, lo, hi)
    return found
