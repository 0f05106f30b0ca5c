"""The alias table of recipients, agencies and governments (pipelines/data/entities.csv).

Each row is one canonical entity with its type (`recipient`, `agency` or `government`), the
government it belongs to, an optional sector, its aliases in English and Japanese separated by `|`
(demonyms and capitals are aliases of governments: "Tokyo", "German"), and an optional `role`:
`programme` marks a recipient that is a law, fund, bond or account rather than a company or body
(the extractor prefers a company named next to it). Aliases are found with one trie-compiled regex
pass (see phrases.py).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pipelines.lib.extract.phrases import PhraseScanner
from pipelines.lib.model import SECTORS

ENTITIES_CSV = Path(__file__).resolve().parents[2] / "data" / "entities.csv"
ENTITY_TYPES = ("recipient", "agency", "government")


@dataclass(frozen=True, slots=True)
class Entity:
    """One canonical entity of the alias table."""

    index: int
    canonical: str
    type: str
    country: str | None
    sector: str | None
    aliases: tuple[str, ...]


class EntityTable:
    """The alias table: canonical entities and a scanner that finds their aliases in text."""

    def __init__(self, entities: list[Entity]):
        self.entities = entities
        self.by_name = {e.canonical: e for e in entities}
        self.scanner = PhraseScanner((alias, ("entity", e.index)) for e in entities for alias in e.aliases)
        self._found: dict[str, list[tuple[int, int, Entity]]] = {}

    @classmethod
    def from_csv(cls, path: Path = ENTITIES_CSV) -> EntityTable:
        """Read the alias table from a CSV file with the columns of entities.csv."""
        entities: list[Entity] = []
        with open(path, encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                kind = row["type"].strip()
                if kind not in ENTITY_TYPES:
                    raise ValueError(f"{path}: unknown entity type {kind!r} for {row['canonical']!r}")
                sector = row["sector"].strip() or None
                if sector is not None and sector not in SECTORS:
                    raise ValueError(f"{path}: unknown sector {sector!r} for {row['canonical']!r}")
                if kind == "recipient" and (row.get("role") or "").strip() == "programme":
                    kind = "programme"
                aliases = tuple(a.strip() for a in row["aliases"].split("|") if a.strip())
                entities.append(
                    Entity(
                        index=len(entities),
                        canonical=row["canonical"].strip(),
                        type=kind,
                        country=row["country"].strip() or None,
                        sector=sector,
                        aliases=aliases or (row["canonical"].strip(),),
                    )
                )
        return cls(entities)

    def entries(self) -> list[tuple[str, tuple]]:
        """(alias, tag) pairs, for building a combined scanner with other vocabularies."""
        return [(alias, ("entity", e.index)) for e in self.entities for alias in e.aliases]

    def find(self, text: str) -> list[tuple[int, int, Entity]]:
        """(start, end, entity) for every alias found in `text`."""
        cached = self._found.get(text)
        if cached is not None:
            return cached
        out = []
        for hit in self.scanner.scan(text):
            for tag in hit.tags:
                out.append((hit.start, hit.end, self.entities[tag[1]]))
                break
        if len(text) <= 200:
            if len(self._found) > 50_000:
                self._found.clear()
            self._found[text] = out
        return out

    def canonical_names(
        self, text: str | None, types: tuple[str, ...] = ("recipient", "programme", "agency")
    ) -> set[str]:
        """Canonical names of the entities of the given types that `text` mentions."""
        if not text:
            return set()
        return {e.canonical for _, _, e in self.find(text) if e.type in types}

    def resolve(self, name: str | None) -> Entity | None:
        """The entity a name refers to: its canonical name or its first alias found in the name."""
        if not name:
            return None
        if name in self.by_name:
            return self.by_name[name]
        found = self.find(name)
        return found[0][2] if found else None


@lru_cache(maxsize=1)
def default_table() -> EntityTable:
    """The alias table that ships with the product (loaded once per process)."""
    return EntityTable.from_csv()
