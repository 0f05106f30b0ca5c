"""Budget lines: reconcile the facts of every document into lines, their reports, conflicts and the
changes sources state, updating only what changed facts can reach.

Facts interact only along the relations of `line_units`: two facts can share a line (or supersede
one another) only when their keys can combine and their amounts can be the same figure, so the
components of that relation are reconciled alone and give exactly what reconciling everything gives.
`core.line_inputs` keeps each fact's hash, key fields, amounts, component and the fact it is nested
in. An update finds the facts added or removed since the last one, the stored components they reach
(a removed fact's own, and those of stored facts an added fact links to), recomputes the components
of those facts and the added ones, and replaces those of their lines that changed (rows or reports);
other lines keep their rows and ids. Nesting is per document; parent links are then recomputed for
every line (in SQL). Conflicts (one row per losing line, see `reconcile.conflicts`) are redone for
the lines that changed or were re-parented, the lines whose stored winner is one of those or was
removed, and the lines one of those now beats before their stored winner (`reconcile.new_losers`),
each against every line of its group; stated changes for the documents whose figures changed lines.
Everything runs in one transaction: a failure leaves the previous tables in place. Components and
conflict groups are read and written in batches, and a full rebuild keeps no list of every line in
Python, so memory follows the largest batch, not the number of facts.

A full rebuild (tables dropped and re-created from their `sql/core` files, so a new column reaches an
existing warehouse) happens when the tables are missing, when forced, or when the code or the aliases
changed. An update is skipped when its inputs are those of the last one: the fingerprint of everything
it reads is stored as the comment of core.budget_lines, in the same transaction as the tables.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

import duckdb

from pipelines.lib import line_units as _units_module
from pipelines.lib import reconcile as _reconcile_module
from pipelines.lib.line_units import LinkFact, fact_components
from pipelines.lib.reconcile import (
    COUNTED_KINDS,
    FX_TOLERANCE,
    LINE_KINDS,
    Aliases,
    FactRow,
    Line,
    LineKey,
    conflicts,
    cycle_cuts,
    form_lines,
    line_facts,
    name_key,
    nesting_parent,
    new_losers,
    same_figure,
)
from pipelines.lib.sql_files import QUERIES_DIR, query
from pipelines.lib.steps import line_rows as _rows_module
from pipelines.lib.steps import tables as _tables_module
from pipelines.lib.steps.line_rows import (
    CHANGE_CASTS,
    CHANGE_COLUMNS,
    CONFLICT_CASTS,
    CONFLICT_COLUMNS,
    LINE_CASTS,
    LINE_COLUMNS,
    SOURCE_CASTS,
    SOURCE_COLUMNS,
    Figure,
    change_rows,
    conflict_rows,
    line_row,
    source_rows,
)
from pipelines.lib.steps.reference import load_aliases
from pipelines.lib.steps.tables import insert_rows
from pipelines.lib.warehouse import SQL_DIR, run_sql_file, table_exists, transaction

STATE_TABLE = "core.budget_lines"  # its comment holds the fingerprint of the inputs of the last update
INPUTS_TABLE = "core.line_inputs"  # its comment: the fingerprint of the code and aliases it was made with
READ_KINDS = (*LINE_KINDS, "change")
_FACT_FIELDS = 25  # the FactRow columns (all but `recipient_as_written`) that start some query rows
BATCH_FACTS = 20_000  # facts (reports) reconciled per batch of whole components (conflict units)
BATCH_DOCUMENTS = 6_250  # documents whose facts are nested, or tied to stated changes, per batch
CONFLICT_CHUNK = 20_000  # conflict rows built and written at a time

DERIVED = {
    "core.budget_lines": "core/04_budget_lines.sql",
    "core.budget_line_sources": "core/05_budget_line_sources.sql",
    "core.fact_conflicts": "core/06_fact_conflicts.sql",
    "core.stated_changes": "core/07_stated_changes.sql",
    INPUTS_TABLE: "core/08_line_inputs.sql",
}
# the temporary tables of one update, dropped at its end (names from this list only)
_TEMP_TABLES = (
    "_bw_names",
    "_bw_current",
    "_bw_changed",
    "_bw_touched",
    "_bw_link",
    "_bw_fact_component",
    "_bw_doc_list",
    "_bw_docs",
    "_bw_ids",
    "_bw_nested",
    "_bw_parents",
    "_bw_redo_unit_lines",
    "_bw_recipient_keys",
    "_bw_conflict_lines",
    "_bw_alternatives",
    "_bw_old_lines",
    "_bw_new_lines",
    "_bw_new_sources",
    "_bw_replaced",
)


def _facts_view(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(query("lines/create_line_facts_view"))
    con.execute(query("lines/create_line_reports_view"))


def load_fact_rows(con: duckdb.DuckDBPyConnection, kinds: tuple[str, ...] = LINE_KINDS) -> list[FactRow]:
    """The facts of the given kinds, joined to their source's publisher type."""
    _facts_view(con)
    return [FactRow(*row) for row in con.execute(query("lines/facts_of_kinds"), [list(kinds)]).fetchall()]


def _code_version() -> str:
    """A hash of the code and SQL that turn facts into the derived tables."""
    digest = hashlib.sha256()
    files = [Path(m.__file__) for m in (_reconcile_module, _units_module, _rows_module, _tables_module)]
    files += [Path(__file__)] + [SQL_DIR / ddl for ddl in DERIVED.values()]
    files += sorted((QUERIES_DIR / "lines").glob("*.sql"))
    for path in files:
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _base_fingerprint(aliases: Aliases) -> str:
    """What every row depends on besides the facts: the code and the aliases."""
    return "base:" + hashlib.sha256(f"{_code_version()}|{aliases.fingerprint()}".encode()).hexdigest()


def inputs_fingerprint(con: duckdb.DuckDBPyConnection, aliases: Aliases) -> str:
    """The fingerprint of everything `rebuild_lines` reads: the facts of each load (count and an
    order-independent hash of the rows, exactly as loaded), the aliases, the code version."""
    _facts_view(con)
    parts = [_code_version(), aliases.fingerprint()]
    for kinds in (LINE_KINDS, ("change",)):
        rows, content = con.execute(query("lines/fingerprint_facts_of_kinds"), [list(kinds)]).fetchall()[0]
        parts.append(f"{rows}:{content}")
    return "lines:" + hashlib.sha256("|".join(parts).encode("utf-8")).hexdigest()


def _stored_fingerprint(con: duckdb.DuckDBPyConnection, qualified: str) -> str | None:
    rows = con.execute(query("lines/table_comment"), qualified.split(".")).fetchall()
    return rows[0][0] if rows else None


def _counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    names = ("lines", "line_sources", "conflicts", "stated_changes")
    return dict(zip(names, con.execute(query("lines/row_counts")).fetchall()[0], strict=True))


def rebuild_lines(
    con: duckdb.DuckDBPyConnection, aliases: Aliases | None = None, force: bool = False
) -> dict[str, int]:
    """Bring core.budget_lines, core.budget_line_sources, core.fact_conflicts and core.stated_changes
    up to date with the facts: what a full rebuild would write, redoing only what changed facts reach.

    Skipped when the inputs' fingerprint is the one stored by the last update, unless `force` (which
    also rebuilds everything). Returns each table's row count, `rebuilt` and `full`.
    """
    aliases = aliases or load_aliases(con)
    fingerprint = inputs_fingerprint(con, aliases)
    present = all(table_exists(con, table) for table in DERIVED)
    if not force and present and _stored_fingerprint(con, STATE_TABLE) == fingerprint:
        return {**_counts(con), "rebuilt": False, "full": False}
    base = _base_fingerprint(aliases)
    full = force or not present or _stored_fingerprint(con, INPUTS_TABLE) != base
    with transaction(con):
        if full:
            for table in DERIVED:  # identifiers from DERIVED only
                con.execute(f"drop table if exists {table}")
            for ddl in DERIVED.values():
                run_sql_file(con, ddl)
        _Update(con, aliases, full).run()
        # a comment is a literal, which DuckDB does not bind as a parameter; both are hex digests
        con.execute(f"comment on table {STATE_TABLE} is '{fingerprint}'")
        con.execute(f"comment on table {INPUTS_TABLE} is '{base}'")
    return {**_counts(con), "rebuilt": True, "full": full}


def _temp_table(
    con: duckdb.DuckDBPyConnection, name: str, columns: dict[str, str], rows: list[tuple]
) -> None:
    """A temporary table `name` (one of _TEMP_TABLES) with the given columns and types, holding `rows`."""
    assert name in _TEMP_TABLES, name
    con.execute(f"create or replace temp table {name} ({', '.join(f'{c} {t}' for c, t in columns.items())})")
    insert_rows(con, name, list(columns), rows, columns)


def _id_table(con: duckdb.DuckDBPyConnection, ids: set[str]) -> None:
    _temp_table(con, "_bw_ids", {"line_id": "varchar"}, [(i,) for i in sorted(ids)])


def _ranges(sizes: list[tuple[int, int]], limit: int) -> Iterator[tuple[int, int]]:
    """Consecutive (first, last) numbers whose sizes add up to about `limit` ((number, size) pairs)."""
    first, total = None, 0
    for number, size in sizes:
        if first is None:
            first = number
        total += size
        if total >= limit:
            yield first, number
            first, total = None, 0
    if first is not None:
        yield first, sizes[-1][0]


class _Amount(NamedTuple):
    """The columns of a fact that `same_figure` compares."""

    currency: str
    amount: int
    amount_jpy: int | None


def _lines_of(rows: list[tuple]) -> list[Line]:
    """Lines with their reports, from rows of a report's `FactRow` columns then its line's id, key and
    recipient (reports of a line together, best first)."""
    lines: list[Line] = []
    for row in rows:
        fact = FactRow(*row[:_FACT_FIELDS])
        line_id, gov, agency, year, stage, kind, sector, instrument, recipient = row[_FACT_FIELDS:]
        if not lines or lines[-1].line_id != line_id:
            key = LineKey(gov, agency, year, stage, kind, sector, instrument, name_key(recipient))
            lines.append(Line(line_id=line_id, key=key, best=fact, recipient=recipient))
        lines[-1].facts.append(fact)
    return lines


class _Update:
    """One update of the budget-lines tables inside the caller's transaction."""

    def __init__(self, con: duckdb.DuckDBPyConnection, aliases: Aliases, full: bool = False) -> None:
        self.con = con
        self.aliases = aliases
        self.full = full  # the tables are empty: every line is new, nothing to compare with the stored

    def q(self, name: str, params: list | None = None) -> list[tuple]:
        """The rows of the statement `sql/queries/<name>.sql`."""
        return self.con.execute(query(name), params or []).fetchall()

    def run(self) -> None:
        self._read_inputs()
        self._touched_components()
        sizes = self._link()
        self.q("lines/list_changed_documents")
        if self.full:
            # every fact is added, so `_bw_doc_list` lists every document, and every line is redone:
            # nothing is held per line in Python, the units of the conflicts are numbered in SQL
            self._refresh_inputs()
            self._form_lines(sizes)
            new_parent, _ = self._update_parents({})
            self.q("lines/number_all_conflict_lines")
            self._redo_conflict_units(new_parent)
            self._redo_changes()
        else:
            self._update(sizes)
        for name in _TEMP_TABLES:
            self.con.execute(f"drop table if exists {name}")

    def _update(self, sizes: list[tuple[int, int]]) -> None:
        """Reconcile the touched components again and replace those of their lines that changed (a
        line of the same id, rows and reports keeps its stored row), then redo what they can reach."""
        old_parent = dict(self.q("lines/stored_parents"))
        self.q("lines/create_old_lines")
        change_docs = {r[0] for r in self.q("lines/listed_documents")}
        self._refresh_inputs()
        self._form_lines(sizes, into_temp=True)
        self.q("lines/create_replaced_lines")
        old_lines = {r[0] for r in self.q("lines/replaced_old_lines")}
        change_docs |= self._documents_of(old_lines)
        self._delete_lines(old_lines)
        self.q("lines/insert_replacing_lines")
        self.q("lines/insert_replacing_line_sources")
        new_lines = {r[0] for r in self.q("lines/replacing_lines")}
        new_parent, moved = self._update_parents(old_parent)
        again = self._reached(moved | old_lines | new_lines, old_parent, new_parent)
        self._redo_conflicts(new_lines | again, old_lines, new_parent)
        change_docs |= self._documents_of(new_lines | (moved - new_lines))
        _temp_table(self.con, "_bw_doc_list", {"document": "varchar"}, [(d,) for d in sorted(change_docs)])
        self._redo_changes()

    # -- what changed -----------------------------------------------------------------------------

    def _read_inputs(self) -> None:
        """`_bw_current` (the facts as read now, key names made canonical) and `_bw_changed`."""
        _facts_view(self.con)
        canonical = {
            "government": lambda raw: self.aliases.canonical(raw, ("government",)),
            "agency": lambda raw: self.aliases.canonical(raw, ("agency", "recipient")),
            # a line key holds the folded canonical recipient (None outside the alias table)
            "recipient": lambda raw: name_key(self.aliases.resolve(raw, ("recipient", "agency"))),
        }
        names = [
            (role, raw, canonical[role](raw))
            for role, raw in self.q("lines/names_of_facts", [list(READ_KINDS)])
        ]
        _temp_table(
            self.con,
            "_bw_names",
            {"name_role": "varchar", "written": "varchar", "canonical": "varchar"},
            names,
        )
        self.q("lines/create_current_inputs", [list(READ_KINDS)])
        self.q("lines/create_changed_inputs")

    def _touched_components(self) -> None:
        """`_bw_touched`: the stored components that changed facts reach: those of removed facts, and
        those of stored facts that an added fact can be linked to."""
        touched = {r[0] for r in self.q("lines/components_of_removed_facts")}
        for component, *pair in self.q(
            "lines/stored_facts_near_added_facts", [list(COUNTED_KINDS), float(FX_TOLERANCE)]
        ):
            if component not in touched and same_figure(_Amount(*pair[:3]), _Amount(*pair[3:])):
                touched.add(component)
        _temp_table(self.con, "_bw_touched", {"component": "varchar"}, [(c,) for c in sorted(touched)])

    def _link(self) -> list[tuple[int, int]]:
        """Recompute the components of the added facts and of the touched components' facts into
        `_bw_fact_component` (fact, component, number); returns (number, facts) per component."""
        self.q("lines/create_facts_to_link")
        columns = {"fact_id": "varchar", "component": "varchar", "n": "integer"}
        _temp_table(self.con, "_bw_fact_component", columns, [])
        sizes: list[tuple[int, int]] = []
        for sector, kind in self.q("lines/groups_of_facts_to_link"):
            component_of = fact_components(self._link_facts(sector, kind))
            members: dict[str, list[str]] = defaultdict(list)
            for fact_id, component in component_of.items():
                members[component].append(fact_id)
            rows: list[tuple[str, str, int]] = []
            for component in sorted(members):
                number = len(sizes) + 1
                sizes.append((number, len(members[component])))
                rows.extend((fact_id, component, number) for fact_id in members[component])
            insert_rows(self.con, "_bw_fact_component", list(columns), rows, columns)
        return sizes

    def _link_facts(self, sector: str, kind: str) -> list[LinkFact]:
        """The `LinkFact`s of `_bw_link` of one sector and kind, read a chunk at a time; the names,
        stages and currencies (few distinct values, one string per row as read) share one string each."""
        shared: dict = {}
        facts: list[LinkFact] = []
        result = self.con.execute(query("lines/facts_to_link_of_group"), [sector, kind])
        while chunk := result.fetchmany(CONFLICT_CHUNK):
            facts.extend(
                LinkFact(r[0], *(v if v is None else shared.setdefault(v, v) for v in r[1:10]), *r[10:])
                for r in chunk
            )
        return facts

    # -- deleting and re-reading ----------------------------------------------------------------

    def _documents_of(self, line_ids: set[str]) -> set[str]:
        if not line_ids:
            return set()
        _id_table(self.con, line_ids)
        return {r[0] for r in self.q("lines/documents_of_lines")}

    def _delete_lines(self, line_ids: set[str]) -> None:
        if not line_ids:
            return
        _id_table(self.con, line_ids)
        self.q("lines/delete_conflicts_of_lines")
        self.q("lines/delete_line_sources_of_lines")
        self.q("lines/delete_lines")

    def _refresh_inputs(self) -> None:
        """Store the rows of the added facts, the redone components, and the nesting of every fact
        of a changed document."""
        self.q("lines/delete_changed_inputs")
        self.q("lines/insert_added_inputs")
        self.q("lines/update_input_components")
        docs = self._number_documents()
        for first, last in _ranges(docs, BATCH_DOCUMENTS):
            facts = [FactRow(*r) for r in self.q("lines/facts_of_documents", [first, last, list(LINE_KINDS)])]
            by_doc: dict[str, list[FactRow]] = defaultdict(list)
            for f in line_facts(facts, self.aliases):
                by_doc[f.document].append(f)
            nested = []
            for doc_facts in by_doc.values():
                for f in doc_facts:
                    parent = nesting_parent(f, doc_facts)
                    if parent is not None:
                        nested.append((f.fact_id, parent.fact_id))
            _temp_table(self.con, "_bw_nested", {"fact_id": "varchar", "nested_in": "varchar"}, nested)
            self.q("lines/update_input_nesting", [first, last])

    def _number_documents(self) -> list[tuple[int, int]]:
        """Number the documents of `_bw_doc_list` (as `_bw_docs`); (number, 1) per document."""
        self.q("lines/number_listed_documents")
        return [(n, 1) for (n,) in self.q("lines/document_numbers")]

    # -- lines ------------------------------------------------------------------------------------

    def _form_lines(self, sizes: list[tuple[int, int]], into_temp: bool = False) -> None:
        """Reconcile the components of `_bw_fact_component` and insert their lines and reports (no
        parents or alternatives yet) into the core tables, or into `_bw_new_lines` and
        `_bw_new_sources` (`into_temp`)."""
        lines_table, sources_table = "core.budget_lines", "core.budget_line_sources"
        if into_temp:
            self.q("lines/create_new_lines")
            self.q("lines/create_new_sources")
            lines_table, sources_table = "_bw_new_lines", "_bw_new_sources"
        for first, last in _ranges(sizes, BATCH_FACTS):
            by_component: dict[int, list[FactRow]] = defaultdict(list)
            result = self.con.execute(query("lines/facts_of_components"), [first, last])
            while chunk := result.fetchmany(CONFLICT_CHUNK):
                for row in chunk:
                    by_component[row[-1]].append(FactRow(*row[:-1]))
            del chunk
            # a fact alone in its component makes a line alone; the others are reconciled per component
            single = [facts[0] for facts in by_component.values() if len(facts) == 1]
            lines = form_lines(line_facts(single, self.aliases), alone=True)
            for facts in by_component.values():
                if len(facts) > 1:
                    lines.extend(form_lines(line_facts(facts, self.aliases)))
            del by_component, single
            for start in range(0, len(lines), CONFLICT_CHUNK // 4):  # rows as text: a chunk at a time
                chunk_lines = lines[start : start + CONFLICT_CHUNK // 4]
                rows = [line_row(ln) for ln in chunk_lines]
                insert_rows(self.con, lines_table, LINE_COLUMNS, rows, LINE_CASTS)
                rows = [row for line in chunk_lines for row in source_rows(line)]
                insert_rows(self.con, sources_table, SOURCE_COLUMNS, rows, SOURCE_CASTS)

    def _update_parents(self, old_parent: dict[str, str]) -> tuple[dict[str, str], set[str]]:
        """Recompute every line's parent from the facts' nesting; store the ones that changed.

        Returns the new parents and the lines whose parent changed."""
        raw = dict(self.q("lines/parents_from_nesting"))
        cut = cycle_cuts(raw)
        new_parent = {line: parent for line, parent in raw.items() if line not in cut}
        stored = dict(self.q("lines/stored_parents"))
        updates = [
            (k, new_parent.get(k))
            for k in set(stored) | set(new_parent)
            if stored.get(k) != new_parent.get(k)
        ]
        if updates:
            _temp_table(self.con, "_bw_parents", {"line_id": "varchar", "parent_line_id": "varchar"}, updates)
            self.q("lines/update_parents")
        moved = {k for k in set(old_parent) | set(new_parent) if old_parent.get(k) != new_parent.get(k)}
        return new_parent, moved

    @staticmethod
    def _reached(changed: set[str], old_parent: dict[str, str], new_parent: dict[str, str]) -> set[str]:
        """Lines whose chain of parents (before or after) passes through a changed line."""
        out = set()
        for parents in (old_parent, new_parent):
            for start in parents:
                node, seen = start, set()
                while node is not None and node not in seen:
                    if node in changed:
                        out.add(start)
                        break
                    seen.add(node)
                    node = parents.get(node)
        return out

    # -- conflicts --------------------------------------------------------------------------------

    def _redo_conflicts(self, seeds: set[str], replaced: set[str], new_parent: dict[str, str]) -> None:
        """The conflicts and alternatives of every line they can have changed for: `seeds` (new lines,
        and lines whose ancestors changed), the lines whose stored winner is a seed or was replaced
        (`replaced`: old lines deleted), and the lines a seed now beats before their winner
        (`reconcile.new_losers`, found batch by batch); every line of their groups can be the winner."""
        if not seeds and not replaced:
            return
        _id_table(self.con, seeds | replaced)
        redo = seeds | {r[0] for r in self.q("lines/lines_losing_to_ids")}
        _id_table(self.con, redo)
        self.q("lines/create_redo_unit_lines")
        recipients = [(name, name_key(name)) for (name,) in self.q("lines/recipients_of_redo_units")]
        _temp_table(
            self.con, "_bw_recipient_keys", {"recipient": "varchar", "recipient_key": "varchar"}, recipients
        )
        self.q("lines/number_conflict_lines_of_ids")
        self._redo_conflict_units(new_parent, seeds)

    def _redo_conflict_units(self, parent_of: dict[str, str], seeds: set[str] | None = None) -> None:
        """For each line of `_bw_conflict_lines` marked `redo`, store the conflict it loses (against the
        line it is an alternative to, `reconcile.conflicts`) and its `alternative_to`; batches of whole
        units, so every line it can lose to is in its batch. With `seeds` (an update), the other lines
        of the batch that a seed now beats before their stored winner are redone too."""
        sizes = self.q("lines/conflict_unit_sizes")
        for first, last in _ranges(sizes, BATCH_FACTS):
            lines = _lines_of(self.q("lines/reports_of_conflict_lines", [first, last]))
            losers = {r[0] for r in self.q("lines/conflict_lines_of_batch", [first, last])}
            if seeds is not None:
                winner_of = dict(self.q("lines/winners_of_conflict_lines", [first, last]))
                losers |= new_losers(lines, parent_of, seeds, winner_of)
                _id_table(self.con, losers)
                self.q("lines/delete_conflicts_lost_by_lines")
            found = conflicts(lines, parent_of, losers)
            for start in range(0, len(found), CONFLICT_CHUNK):  # rows are large: build them a chunk at a time
                rows = conflict_rows(found[start : start + CONFLICT_CHUNK])
                insert_rows(self.con, "core.fact_conflicts", CONFLICT_COLUMNS, rows, CONFLICT_CASTS)
            alternative = {c.b.line_id: c.a.line_id for c in found}
            columns = {"line_id": "varchar", "alternative_to": "varchar"}
            rows = [(line_id, alternative.get(line_id)) for line_id in sorted(losers)]
            _temp_table(self.con, "_bw_alternatives", columns, rows)
            self.q("lines/update_alternatives")

    # -- stated changes ---------------------------------------------------------------------------

    def _redo_changes(self) -> None:
        """Stated changes of the documents of `_bw_doc_list`, tied to their figures' lines as they are now."""
        docs = self._number_documents()
        if not docs:
            return
        self.q("lines/delete_changes_of_documents")
        for first, last in _ranges(docs, BATCH_DOCUMENTS):
            changes = [FactRow(*r) for r in self.q("lines/facts_of_documents", [first, last, ["change"]])]
            if not changes:
                continue
            figures = [Figure(*r) for r in self.q("lines/figures_of_documents", [first, last])]
            rows = change_rows(changes, figures, self.aliases)
            insert_rows(self.con, "core.stated_changes", CHANGE_COLUMNS, rows, CHANGE_CASTS)
