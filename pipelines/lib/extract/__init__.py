"""Extraction: money phrases (grammar.py) typed into budget facts (facts.py).

`extract_facts(text, document=...)` is the entry point; see facts.py for the order of the rules and the
modules that hold them.
"""

from pipelines.lib.extract.facts import extract_facts, fact_id

__all__ = ["extract_facts", "fact_id"]
