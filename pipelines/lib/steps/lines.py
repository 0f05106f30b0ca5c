"""Budget lines: reconcile the facts of every document into lines, their reports, conflicts and the
changes sources state, updating only what changed facts can reach.

Lines, supersession and conflicts never reach across incompatible blocks (sector, kind, government,
fiscal year; see `reconcile.block_components`), so each component of blocks is reconciled alone and
gives exactly what reconciling everything gives. An update finds the facts added or removed since
the last one (`core.line_inputs` keeps each fact's hash, block and the fact it is nested in), redoes
the components they touch, and replaces those components' rows; the line ids of other components
do not change. Nesting is per document; parent links are then recomputed for every line (in SQL),
and conflicts redone for the components whose lines' chains of parents changed. Stated changes are
redone for the documents whose figures changed lines. Everything runs in one transaction: a failure
leaves the previous tables in place. Components are read from DuckDB and written in batches, so
memory follows the largest batch, not the number of facts.

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

import duckdb

from pipelines.lib import reconcile as _reconcile_module
from pipelines.lib.reconcile import (
    LINE_KINDS,
    Aliases,
    FactRow,
    Line,
    block_components,
    block_node,
    conflicts,
    cycle_cuts,
    form_lines,
    line_facts,
    line_key,
    mark_alternatives,
    nesting_parent,
)
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

_COLUMNS = """f.fact_id, f.document, f.source_id, f.url, s.publisher_type, f.published, f.as_written,
    f.sentence,
    f.amount::hugeint as amount, f.currency, f.amount_jpy::hugeint as amount_jpy,
    f.amount_usd::hugeint as amount_usd, f.kind, f.sector, f.stage,
    f.instrument, f.recipient, f.government, f.agency, f.fiscal_year, f.qualifier, f.start, f."end",
    f.confidence, f.percent"""
_FACTS = f"""
select {_COLUMNS}
from core.budget_facts as f
left join raw.sources as s on f.source_id = s.source_id
where list_contains(?, f.kind)
    -- only the current version of each URL: a page that changed keeps its old facts, uncounted
    and f.document in (select content_hash from raw.source_urls where content_hash is not null)
"""
_ORDER = "order by f.fact_id"
STATE_TABLE = "core.budget_lines"  # its comment holds the fingerprint of the inputs of the last update
INPUTS_TABLE = (
    "core.line_inputs"  # its comment holds the fingerprint of the code and aliases it was made with
)
READ_KINDS = (*LINE_KINDS, "change")
BATCH_FACTS = 50_000  # facts reconciled per batch of components
KEEP_FACTS = 150_000  # lines of at most this many facts stay in memory between the two passes

DERIVED = {
    "core.budget_lines": "core/04_budget_lines.sql",
    "core.budget_line_sources": "core/05_budget_line_sources.sql",
    "core.fact_conflicts": "core/06_fact_conflicts.sql",
    "core.stated_changes": "core/07_stated_changes.sql",
    INPUTS_TABLE: "core/08_line_inputs.sql",
}

# the temporary tables of one update (dropped at its end)
_CURRENT = f"""
create or replace temp table _bw_current as
select r.fact_id, r.document, hash(r) as input_hash, r.kind, r.sector, g.canonical as government,
    r.fiscal_year, (r.kind != 'change' and r.amount > 0 and r.currency is not null) as in_lines
from ({_FACTS}) as r
left join _bw_governments as g on r.government = g.raw
"""
_CHANGED = """
create or replace temp table _bw_changed as
select c.*, true as added from _bw_current as c
where not exists (
    select 1 from core.line_inputs as s where s.fact_id = c.fact_id and s.input_hash = c.input_hash
)
union all
select s.fact_id, s.document, s.input_hash, s.kind, s.sector, s.government, s.fiscal_year, s.in_lines,
    false as added
from core.line_inputs as s
where not exists (
    select 1 from _bw_current as c where s.fact_id = c.fact_id and s.input_hash = c.input_hash
)
"""
_IN_BLOCKS = """(select 1 from {blocks} as b where b.sector = {t}.sector and b.kind = {t}.kind
    and b.government is not distinct from {t}.government
    and b.fiscal_year is not distinct from {t}.fiscal_year)"""
_COMPONENT_FACTS = f"""
select {_COLUMNS}, b.component
from core.budget_facts as f
join core.line_inputs as li on f.fact_id = li.fact_id and li.in_lines
join _bw_blocks as b on li.sector = b.sector and li.kind = b.kind
    and li.government is not distinct from b.government and li.fiscal_year is not distinct from b.fiscal_year
left join raw.sources as s on f.source_id = s.source_id
where b.component between ? and ?
order by b.component, f.fact_id
"""
_PARENTS = """
with links as (
    select ls.line_id, pls.line_id as parent_id
    from core.budget_line_sources as ls
    join core.line_inputs as li on ls.fact_id = li.fact_id
    join core.budget_line_sources as pls on li.nested_in = pls.fact_id
    where pls.line_id != ls.line_id
),
ranked as (
    select k.line_id, k.parent_id, row_number() over (
        partition by k.line_id order by coalesce(nullif(p.amount_jpy, 0), p.amount), k.parent_id
    ) as n
    from links as k join core.budget_lines as p on k.parent_id = p.line_id
)
select line_id, parent_id from ranked where n = 1
"""
_FIGURES = """
select ls.document, f.sentence, ls.fact_id, f.start, f."end", l.line_id, l.government, l.agency,
    l.fiscal_year, l.stage, l.sector, l.kind, p.kind as parent_kind
from core.budget_line_sources as ls
join _bw_docs as d on ls.document = d.document
join core.budget_lines as l on ls.line_id = l.line_id
join core.budget_facts as f on ls.fact_id = f.fact_id
left join core.budget_lines as p on l.parent_line_id = p.line_id
where d.n between ? and ?
"""
_DOC_FACTS = f"""
select {_COLUMNS}
from core.budget_facts as f
join _bw_docs as d on f.document = d.document
join _bw_current as c on f.fact_id = c.fact_id
left join raw.sources as s on f.source_id = s.source_id
where d.n between ? and ? and list_contains(?, f.kind)
order by f.document, f.fact_id
"""


def load_fact_rows(con: duckdb.DuckDBPyConnection, kinds: tuple[str, ...] = LINE_KINDS) -> list[FactRow]:
    """The facts of the given kinds, joined to their source's publisher type."""
    return [FactRow(*row) for row in con.execute(_FACTS + _ORDER, [list(kinds)]).fetchall()]


def _code_version() -> str:
    """A hash of the code and DDL that turn facts into the derived tables."""
    digest = hashlib.sha256()
    files = [Path(_reconcile_module.__file__), Path(__file__), Path(_rows_module.__file__)]
    files += [Path(_tables_module.__file__)] + [SQL_DIR / ddl for ddl in DERIVED.values()]
    for path in files:
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _base_fingerprint(aliases: Aliases) -> str:
    """What every row depends on besides the facts: the code and the aliases."""
    return "base:" + hashlib.sha256(f"{_code_version()}|{aliases.fingerprint()}".encode()).hexdigest()


def inputs_fingerprint(con: duckdb.DuckDBPyConnection, aliases: Aliases) -> str:
    """The fingerprint of everything `rebuild_lines` reads: the facts of each load (count and an
    order-independent hash of the rows, exactly as loaded), the aliases, the code version."""
    parts = [_code_version(), aliases.fingerprint()]
    for kinds in (LINE_KINDS, ("change",)):
        rows, content = con.execute(
            f"select count(*), coalesce(sum(hash(r)), 0)::hugeint from ({_FACTS}) as r", [list(kinds)]
        ).fetchall()[0]
        parts.append(f"{rows}:{content}")
    return "lines:" + hashlib.sha256("|".join(parts).encode("utf-8")).hexdigest()


def _stored_fingerprint(con: duckdb.DuckDBPyConnection, qualified: str) -> str | None:
    schema, name = qualified.split(".")
    rows = con.execute(
        "select comment from duckdb_tables() where database_name = current_database() "
        "and schema_name = ? and table_name = ?",
        [schema, name],
    ).fetchall()
    return rows[0][0] if rows else None


def _counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    tables = {
        "lines": "core.budget_lines",
        "line_sources": "core.budget_line_sources",
        "conflicts": "core.fact_conflicts",
        "stated_changes": "core.stated_changes",
    }
    return {k: con.execute(f"select count(*) from {t}").fetchall()[0][0] for k, t in tables.items()}


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
            for table, ddl in DERIVED.items():
                con.execute(f"drop table if exists {table}")
                run_sql_file(con, ddl)
        _Update(con, aliases).run()
        con.execute(f"comment on table {STATE_TABLE} is '{fingerprint}'")  # hex: nothing to escape
        con.execute(f"comment on table {INPUTS_TABLE} is '{base}'")
    return {**_counts(con), "rebuilt": True, "full": full}


_BLOCK_COLUMNS = {
    "sector": "varchar",
    "kind": "varchar",
    "government": "varchar",
    "fiscal_year": "integer",
    "component": "integer",
}


def _temp_table(
    con: duckdb.DuckDBPyConnection, name: str, columns: dict[str, str], rows: list[tuple]
) -> None:
    """A temporary table `name` with the given columns and types, holding `rows`."""
    con.execute(f"create or replace temp table {name} ({', '.join(f'{c} {t}' for c, t in columns.items())})")
    insert_rows(con, name, list(columns), rows, columns)


def _id_table(con: duckdb.DuckDBPyConnection, ids: set[str]) -> None:
    _temp_table(con, "_bw_ids", {"line_id": "varchar"}, [(i,) for i in ids])


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


class _Update:
    """One update of the budget-lines tables inside the caller's transaction."""

    def __init__(self, con: duckdb.DuckDBPyConnection, aliases: Aliases) -> None:
        self.con = con
        self.aliases = aliases
        self.kept: dict[int, list[Line]] = {}  # component number -> its lines, while few enough
        self.kept_facts = 0

    def q(self, sql: str, params: list | None = None) -> list[tuple]:
        return self.con.execute(sql, params or []).fetchall()

    def run(self) -> None:
        con = self.con
        governments = [
            r[0] for r in self.q(f"select distinct r.government from ({_FACTS}) as r", [list(READ_KINDS)])
        ]
        _temp_table(
            con,
            "_bw_governments",
            {"raw": "varchar", "canonical": "varchar"},
            [(g, self.aliases.canonical(g, ("government",))) for g in governments if g is not None],
        )
        con.execute(_CURRENT, [list(READ_KINDS)])
        con.execute(_CHANGED)
        blocks = self._touched_blocks()
        old_parent = dict(
            self.q("select line_id, parent_line_id from core.budget_lines where parent_line_id is not null")
        )
        old_lines = {
            r[0]
            for r in self.q(
                f"select line_id from core.budget_lines as l where exists {_in('_bw_blocks', 'l')}"
            )
        }
        change_docs = self._documents_of(old_lines)
        con.execute(
            "create or replace temp table _bw_changed_docs as select distinct document from _bw_changed"
        )
        change_docs |= {r[0] for r in self.q("select document from _bw_changed_docs")}
        self._delete_lines(old_lines)
        self._refresh_inputs()
        new_lines = self._form_lines(blocks)
        new_parent, moved = self._update_parents(old_parent)
        changed = moved | old_lines | new_lines
        again = self._reached(changed, old_parent, new_parent) - new_lines
        self._redo_conflicts(blocks, again, new_parent)
        change_docs |= self._documents_of(new_lines | (moved - new_lines))
        self._redo_changes(change_docs)
        for name in (
            "_bw_governments",
            "_bw_current",
            "_bw_changed",
            "_bw_changed_docs",
            "_bw_blocks",
            "_bw_docs",
        ):
            con.execute(f"drop table if exists {name}")

    # -- which components ---------------------------------------------------------------------

    def _touched_blocks(self) -> dict[tuple, int]:
        """The blocks of every component that a changed fact reaches, numbered by component
        (also registered as `_bw_blocks`); the components span old and new blocks alike."""
        nodes = set(
            self.q("select distinct sector, kind, government, fiscal_year from _bw_current where in_lines")
        )
        nodes |= set(
            self.q(
                "select distinct sector, kind, government, fiscal_year from core.line_inputs where in_lines"
            )
        )
        nodes |= set(self.q("select distinct sector, kind, government, fiscal_year from core.budget_lines"))
        seeds = set(
            self.q("select distinct sector, kind, government, fiscal_year from _bw_changed where in_lines")
        )
        component = block_components(nodes | seeds)
        self.component_of = component
        touched = {component[n] for n in seeds}
        numbers = {root: i for i, root in enumerate(sorted(touched, key=_node_text))}
        blocks = {n: numbers[root] for n, root in component.items() if root in touched}
        _temp_table(self.con, "_bw_blocks", _BLOCK_COLUMNS, [(*n, c) for n, c in blocks.items()])
        self.numbers = numbers
        return blocks

    # -- deleting and re-reading ----------------------------------------------------------------

    def _documents_of(self, line_ids: set[str]) -> set[str]:
        if not line_ids:
            return set()
        _id_table(self.con, line_ids)
        docs = {
            r[0]
            for r in self.q(
                "select distinct document from core.budget_line_sources join _bw_ids using (line_id)"
            )
        }
        self.con.execute("drop table _bw_ids")
        return docs

    def _delete_lines(self, line_ids: set[str]) -> None:
        if not line_ids:
            return
        _id_table(self.con, line_ids)
        self.con.execute("delete from core.fact_conflicts where line_id_a in (select line_id from _bw_ids)")
        self.con.execute("delete from core.fact_conflicts where line_id_b in (select line_id from _bw_ids)")
        self.con.execute(
            "delete from core.budget_line_sources where line_id in (select line_id from _bw_ids)"
        )
        self.con.execute("delete from core.budget_lines where line_id in (select line_id from _bw_ids)")
        self.con.execute("drop table _bw_ids")

    def _refresh_inputs(self) -> None:
        """Replace the input rows of every changed document, with the fact each fact is nested in."""
        con = self.con
        con.execute("delete from core.line_inputs where fact_id in (select fact_id from _bw_changed)")
        con.execute("delete from core.line_inputs where document in (select document from _bw_changed_docs)")
        docs = self._number_documents("select document from _bw_changed_docs")
        for first, last in _ranges(docs, BATCH_FACTS // 8):
            facts = [FactRow(*r) for r in self.q(_DOC_FACTS, [first, last, list(LINE_KINDS)])]
            by_doc: dict[str, list[FactRow]] = defaultdict(list)
            for f in line_facts(facts, self.aliases):
                by_doc[f.document].append(f)
            nested = []
            for doc_facts in by_doc.values():
                for f in doc_facts:
                    parent = nesting_parent(f, doc_facts)
                    if parent is not None:
                        nested.append((f.fact_id, parent.fact_id))
            _temp_table(con, "_bw_nested", {"fact_id": "varchar", "nested_in": "varchar"}, nested)
            con.execute(
                "insert into core.line_inputs select c.fact_id, c.document, c.input_hash, c.kind, c.sector, "
                "c.government, c.fiscal_year, c.in_lines, n.nested_in from _bw_current as c "
                "join _bw_docs as d on c.document = d.document "
                "left join _bw_nested as n on c.fact_id = n.fact_id "
                "where d.n between ? and ?",
                [first, last],
            )
            con.execute("drop table _bw_nested")

    def _number_documents(self, select: str) -> list[tuple[int, int]]:
        """Number the documents of `select` (as `_bw_docs`); (number, 1) per document."""
        self.con.execute(
            "create or replace temp table _bw_docs as "
            "select document, row_number() over (order by document) as n "
            f"from ({select}) group by document"
        )
        return [(n, 1) for (n,) in self.q("select n from _bw_docs order by n")]

    def _component_batches(self, numbers: set[int]) -> Iterator[list[list[Line]]]:
        """The lines of the given components, in batches of about BATCH_FACTS facts."""
        sizes = self.q(
            "select b.component, count(*) from core.line_inputs as li join _bw_blocks as b "
            "on li.sector = b.sector and li.kind = b.kind "
            "and li.government is not distinct from b.government "
            "and li.fiscal_year is not distinct from b.fiscal_year where li.in_lines group by b.component "
            "order by b.component"
        )
        sizes = [(c, n) for c, n in sizes if c in numbers]
        wanted = sorted(numbers)
        for first, last in _ranges(sizes, BATCH_FACTS):
            by_component: dict[int, list[FactRow]] = defaultdict(list)
            for row in self.q(_COMPONENT_FACTS, [first, last]):
                by_component[row[-1]].append(FactRow(*row[:-1]))
            batch = []
            for number in wanted:
                if first <= number <= last and number in by_component:
                    batch.append(form_lines(line_facts(by_component[number], self.aliases)))
            yield batch

    # -- lines ------------------------------------------------------------------------------------

    def _form_lines(self, blocks: dict[tuple, int]) -> set[str]:
        """Reconcile the touched components and insert their lines and reports (no parents yet)."""
        made: set[str] = set()
        numbers = set(blocks.values())
        for batch in self._component_batches(numbers):
            lines = [line for component in batch for line in component]
            made.update(line.line_id for line in lines)
            insert_rows(
                self.con, "core.budget_lines", LINE_COLUMNS, [line_row(ln) for ln in lines], LINE_CASTS
            )
            rows = [row for line in lines for row in source_rows(line)]
            insert_rows(self.con, "core.budget_line_sources", SOURCE_COLUMNS, rows, SOURCE_CASTS)
            for component in batch:
                if component and self.kept_facts + sum(len(ln.facts) for ln in component) <= KEEP_FACTS:
                    self.kept[self.numbers[self._root(component)]] = component
                    self.kept_facts += sum(len(ln.facts) for ln in component)
        return made

    def _root(self, lines: list[Line]) -> tuple:
        """The component of lines formed together (that of a fact's block: a line's own block, filled
        in from several facts, may be new)."""
        return self.component_of[block_node(line_key(lines[0].facts[0]))]

    def _update_parents(self, old_parent: dict[str, str]) -> tuple[dict[str, str], set[str]]:
        """Recompute every line's parent from the facts' nesting; store the ones that changed.

        Returns the new parents and the lines whose parent changed."""
        raw = dict(self.q(_PARENTS))
        cut = cycle_cuts(raw)
        new_parent = {line: parent for line, parent in raw.items() if line not in cut}
        stored = dict(
            self.q("select line_id, parent_line_id from core.budget_lines where parent_line_id is not null")
        )
        updates = [
            (k, new_parent.get(k))
            for k in set(stored) | set(new_parent)
            if stored.get(k) != new_parent.get(k)
        ]
        if updates:
            _temp_table(self.con, "_bw_parents", {"line_id": "varchar", "parent_line_id": "varchar"}, updates)
            self.con.execute(
                "update core.budget_lines as l set parent_line_id = p.parent_line_id from _bw_parents as p "
                "where l.line_id = p.line_id"
            )
            self.con.execute("drop table _bw_parents")
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

    def _redo_conflicts(self, blocks: dict[tuple, int], again: set[str], new_parent: dict[str, str]) -> None:
        """Conflicts and alternatives of the touched components, and of the components of `again`
        (lines whose ancestors changed)."""
        con = self.con
        if again:
            _id_table(con, again)
            extra = set(
                self.q(
                    "select sector, kind, government, fiscal_year "
                    "from core.budget_lines join _bw_ids using (line_id)"
                )
            )
            con.execute("drop table _bw_ids")
            roots = {self.component_of[n] for n in extra} - set(self.numbers)
            if roots:  # add those components' blocks to _bw_blocks, numbered after the touched ones
                start = len(self.numbers)
                for i, root in enumerate(sorted(roots, key=_node_text)):
                    self.numbers[root] = start + i
                rows = [(*n, self.numbers[r]) for n, r in self.component_of.items() if r in roots]
                insert_rows(con, "_bw_blocks", list(_BLOCK_COLUMNS), rows, _BLOCK_COLUMNS)
        numbers = set(self.numbers.values())
        con.execute(
            f"delete from core.fact_conflicts where line_id_a in (select line_id from core.budget_lines as l "
            f"where exists {_in('_bw_blocks', 'l')})"
        )
        todo = numbers - set(self.kept)
        batches = [list(self.kept.values())] if self.kept else []
        for batch in batches + list(self._component_batches(todo) if todo else []):
            found_rows, alternatives = [], []
            for lines in batch:
                for line in lines:
                    line.parent_line_id = new_parent.get(line.line_id)
                found = conflicts(lines, new_parent)
                mark_alternatives(found)
                found_rows.extend(conflict_rows(found))
                alternatives.extend((line.line_id, line.alternative_to) for line in lines)
            insert_rows(con, "core.fact_conflicts", CONFLICT_COLUMNS, found_rows, CONFLICT_CASTS)
            _temp_table(
                con, "_bw_alternatives", {"line_id": "varchar", "alternative_to": "varchar"}, alternatives
            )
            con.execute(
                "update core.budget_lines as l set alternative_to = a.alternative_to "
                "from _bw_alternatives as a "
                "where l.line_id = a.line_id and l.alternative_to is distinct from a.alternative_to"
            )
            con.execute("drop table _bw_alternatives")

    # -- stated changes ---------------------------------------------------------------------------

    def _redo_changes(self, documents: set[str]) -> None:
        """Stated changes of the given documents, tied to their figures' lines as they are now."""
        con = self.con
        if not documents:
            return
        _temp_table(con, "_bw_doc_list", {"document": "varchar"}, [(d,) for d in documents])
        docs = self._number_documents("select document from _bw_doc_list")
        con.execute("drop table _bw_doc_list")
        con.execute("delete from core.stated_changes where document in (select document from _bw_docs)")
        for first, last in _ranges(docs, BATCH_FACTS // 8):
            changes = [FactRow(*r) for r in self.q(_DOC_FACTS, [first, last, ["change"]])]
            if not changes:
                continue
            figures = [Figure(*r) for r in self.q(_FIGURES, [first, last])]
            rows = change_rows(changes, figures, self.aliases)
            insert_rows(con, "core.stated_changes", CHANGE_COLUMNS, rows, CHANGE_CASTS)


def _in(blocks: str, table: str) -> str:
    return _IN_BLOCKS.format(blocks=blocks, t=table)


def _node_text(node: tuple) -> tuple[str, ...]:
    return tuple("" if v is None else str(v) for v in node)
