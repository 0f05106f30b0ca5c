"""Incremental budget lines: after any sequence of added and removed facts, `rebuild_lines` leaves
exactly the tables that reconciling every fact at once in memory gives (same lines, ids, reports,
best values, parents, supersession, alternatives, conflicts and stated changes)."""

from __future__ import annotations

import random
from datetime import date

import duckdb
import pytest

from pipelines.lib import warehouse
from pipelines.lib.reconcile import Aliases, conflicts, mark_alternatives, reconcile
from pipelines.lib.steps.line_rows import (
    CHANGE_CASTS,
    CHANGE_COLUMNS,
    CONFLICT_CASTS,
    CONFLICT_COLUMNS,
    LINE_CASTS,
    LINE_COLUMNS,
    SOURCE_CASTS,
    SOURCE_COLUMNS,
    change_rows,
    conflict_rows,
    figures_of,
    line_row,
    source_rows,
)
from pipelines.lib.steps.lines import load_fact_rows, rebuild_lines
from pipelines.lib.steps.tables import insert_rows

TABLES = {
    "budget_lines": (LINE_COLUMNS, LINE_CASTS),
    "budget_line_sources": (SOURCE_COLUMNS, SOURCE_CASTS),
    "fact_conflicts": (CONFLICT_COLUMNS, CONFLICT_CASTS),
    "stated_changes": (CHANGE_COLUMNS, CHANGE_CASTS),
}


def reference_rows(con: duckdb.DuckDBPyConnection, aliases: Aliases) -> dict[str, list[tuple]]:
    """The rows of every derived table from reconciling all facts at once, in memory."""
    lines = reconcile(load_fact_rows(con), aliases)
    found = conflicts(lines)
    mark_alternatives(found)
    return {
        "budget_lines": [line_row(line) for line in lines],
        "budget_line_sources": [row for line in lines for row in source_rows(line)],
        "fact_conflicts": conflict_rows(found),
        "stated_changes": change_rows(load_fact_rows(con, ("change",)), figures_of(lines), aliases),
    }


def differences_from_reference(
    con: duckdb.DuckDBPyConnection, aliases: Aliases
) -> dict[str, tuple[int, int]]:
    """Per table, (rows only in the warehouse, rows only in the reference), typed as the table is."""
    expected = reference_rows(con, aliases)
    out = {}
    con.execute("create schema if not exists expected")
    for table, (columns, casts) in TABLES.items():
        con.execute(f"create or replace table expected.{table} as select * from core.{table} limit 0")
        insert_rows(con, f"expected.{table}", columns, expected[table], casts)
        extra, missing = (
            con.execute(f"select count(*) from (select * from {a} except all select * from {b})").fetchall()[
                0
            ][0]
            for a, b in ((f"core.{table}", f"expected.{table}"), (f"expected.{table}", f"core.{table}"))
        )
        if extra or missing:
            out[table] = (extra, missing)
    con.execute("drop schema expected cascade")
    return out


# ------------------------------------------------------------------------------------------------
# A warehouse of random facts
# ------------------------------------------------------------------------------------------------

ALIASES = [("Rapidus", "recipient", "Rapidus Corp"), ("Japan", "government", "日本")]
_FACT_COLUMNS = [
    "fact_id",
    "document",
    "source_id",
    "url",
    "published",
    "as_written",
    "start",
    "end",
    "sentence",
    "amount",
    "currency",
    "percent",
    "kind",
    "sector",
    "stage",
    "instrument",
    "qualifier",
    "recipient",
    "government",
    "agency",
    "fiscal_year",
    "amount_jpy",
    "confidence",
    "extractor_version",
]
_SENTENCES = (
    "The ministry set aside {a}, of which {b} goes to chips.",
    "{b} out of the {a} budget, up 30%.",
    "Of that, {b} is for {a} projects.",
    "{a} and {b} were approved.",
)


def random_document(rng: random.Random, name: str) -> list[tuple]:
    """The fact rows of one random document: a few figures sharing a sentence, wildcard fields,
    amounts from a small set (so that lines, conflicts, supersession and nesting all occur)."""
    government = rng.choice(["Japan", "Japan", "日本", "South Korea", None])
    fiscal_year = rng.choice([2025, 2026, None])
    published = date(2025, rng.randint(1, 12), rng.randint(1, 28))
    source = rng.choice(["s1", "s2", "s3", "s4"])
    amounts = [
        rng.choice([5, 12, 38, 150, 387, 1230, 1239, 4647]) * 10 ** rng.choice([8, 9]) for _ in range(3)
    ]
    amounts.sort(reverse=True)
    sentence = rng.choice(_SENTENCES).format(a=f"¥{amounts[0]:,}", b=f"¥{amounts[1]:,}")
    rows = []
    for i in range(rng.randint(1, 4)):
        kind = rng.choice(
            ["allocation", "allocation", "allocation", "total_budget", "cumulative_total", "change"]
        )
        amount = amounts[min(i, 2)] + rng.choice([0, 0, 1, -1]) * amounts[min(i, 2)] // 1000
        currency = "USD" if rng.random() < 0.15 else "JPY"
        as_written = f"¥{amounts[min(i, 1)]:,}" if i < 2 else f"{amount}"
        start = sentence.find(as_written)
        rows.append(
            (
                f"{name}-f{i}",
                name,
                source,
                None,
                published,
                as_written,
                max(start, 0),
                max(start, 0) + len(as_written),
                sentence if rng.random() < 0.9 else None,
                None if kind == "change" else amount,
                None if kind == "change" else currency,
                rng.choice([30, -10, 200]) if kind == "change" else None,
                kind,
                rng.choice(["semiconductors", "semiconductors", "ai"]),
                rng.choice(["request", "draft", "draft", "draft", "unknown"]),
                rng.choice(["subsidy", "subsidy", "unknown"]),
                rng.choice([None, None, None, "approx", "up_to"]),
                rng.choice([None, "Rapidus", "Rapidus Corp"]),
                government if rng.random() < 0.85 else None,
                rng.choice(["METI", None]),
                fiscal_year if rng.random() < 0.85 else rng.choice([2025, 2026, None]),
                None if kind == "change" else (amount * 150 if currency == "USD" else amount),
                rng.choice([0.6, 0.8, 0.9]),
                "test",
            )
        )
    return rows


def random_documents(rng: random.Random, prefix: str, n: int, earlier: list[tuple]) -> dict[str, list[tuple]]:
    """`n` random documents; about a third repeat a figure of `earlier` (or of each other) in another
    source, at the same or another stage, so that lines gather several reports and supersede."""
    docs = {}
    for i in range(n):
        name = f"{prefix}-{i}"
        rows = random_document(rng, name)
        pool = earlier + [r for d in docs.values() for r in d]
        if pool and rng.random() < 0.35:
            seen = list(rng.choice(pool))
            seen[0], seen[1], seen[2] = f"{name}-echo", name, rng.choice(["s1", "s2", "s3"])
            seen[4] = date(2026, rng.randint(1, 12), rng.randint(1, 28))
            seen[14] = rng.choice([seen[14], "initial", "unknown"])
            rows.append(tuple(seen))
        docs[name] = rows
    return docs


def add_documents(con: duckdb.DuckDBPyConnection, docs: dict[str, list[tuple]]) -> None:
    """Store documents as current versions of their URLs with their facts."""
    rows = [row for doc_rows in docs.values() for row in doc_rows]
    if rows:
        insert_rows(con, "core.budget_facts", _FACT_COLUMNS, rows, {"published": "date"})
    for name in docs:
        con.execute(
            "insert into raw.source_urls (url, source_id, content_hash, first_seen_at, last_fetched_at) "
            "values (?, 's1', ?, now(), now())",
            [f"u:{name}", name],
        )


def remove_documents(con: duckdb.DuckDBPyConnection, names: list[str]) -> None:
    for name in names:
        con.execute("delete from core.budget_facts where document = ?", [name])
        con.execute("delete from raw.source_urls where content_hash = ?", [name])


@pytest.fixture
def con(tmp_path):
    with warehouse.connect(tmp_path / "w.duckdb") as con:
        warehouse.ensure_schema(con)
        con.execute(
            "insert into raw.sources (source_id, catalog, kind, publisher_type, loaded_at) values "
            "('s1', 'c', 'folder', 'ministry', now()), ('s2', 'c', 'folder', 'news', now())"
        )
        yield con


@pytest.mark.parametrize("seed", range(6))
def test_updates_after_random_additions_and_removals_equal_a_full_rebuild(con, seed):
    rng = random.Random(seed)
    aliases = Aliases(ALIASES)
    docs = random_documents(rng, f"d{seed}", 150, [])
    add_documents(con, docs)
    assert rebuild_lines(con, aliases)["full"]
    assert differences_from_reference(con, aliases) == {}
    names = list(docs)
    for step in range(6):
        gone = rng.sample(names, rng.randint(0, 12))
        remove_documents(con, gone)
        names = [n for n in names if n not in gone]
        fresh = {
            f"d{seed}-{step}-{i}": random_document(rng, f"d{seed}-{step}-{i}")
            for i in range(rng.randint(0, 10))
        }
        add_documents(con, fresh)
        names += list(fresh)
        counts = rebuild_lines(con, aliases)
        assert counts["rebuilt"] and not counts["full"]
        assert differences_from_reference(con, aliases) == {}, f"step {step}"
    assert rebuild_lines(con, aliases)["rebuilt"] is False


def test_lines_of_untouched_components_keep_their_ids(con):
    rng = random.Random(3)
    aliases = Aliases(ALIASES)
    add_documents(con, {f"a{i}": random_document(rng, f"a{i}") for i in range(80)})
    rebuild_lines(con, aliases)
    before = dict(
        con.execute("select best_fact_id, line_id from core.budget_lines where sector != 'ai'").fetchall()
    )
    fresh = [row[:13] + ("ai",) + row[14:] for row in random_document(rng, "new")]
    add_documents(con, {"new": fresh})
    rebuild_lines(con, aliases)
    after = dict(
        con.execute("select best_fact_id, line_id from core.budget_lines where sector != 'ai'").fetchall()
    )
    assert after == before
    assert differences_from_reference(con, aliases) == {}


def _figure(fact_id, document, sentence, as_written, amount, sector, recipient=None, source="s1"):
    start = sentence.index(as_written)
    return (
        fact_id,
        document,
        source,
        None,
        date(2025, 12, 1),
        as_written,
        start,
        start + len(as_written),
        sentence,
        amount,
        "JPY",
        None,
        "allocation",
        sector,
        "draft",
        "subsidy",
        None,
        recipient,
        "Japan",
        "METI",
        2026,
        amount,
        0.9,
        "test",
    )


def test_a_conflict_of_an_untouched_block_follows_a_change_of_its_lines_ancestors(con):
    """y (¥600bn) sits inside q (¥798bn, energy) and p (¥800bn, mixed), and p inside x (¥1,000bn).
    The tightest parent of y is q, so x and y (both Rapidus) conflict. A more precise report of p
    (¥795bn) in another block makes p the tightest: x becomes y's ancestor and the conflict goes,
    although the semiconductor block itself received no new fact."""
    aliases = Aliases(ALIASES)
    c = "The budget gives Rapidus ¥1,000 billion, of which ¥800 billion is shared."
    a = "A fund of ¥800 billion, of which ¥600 billion goes to Rapidus."
    b = "A plan of ¥798 billion, of which ¥600 billion goes to Rapidus."
    docs = {
        "C": [
            _figure("x", "C", c, "¥1,000 billion", 1_000 * 10**9, "semiconductors", "Rapidus"),
            _figure("p2", "C", c, "¥800 billion", 800 * 10**9, "mixed"),
        ],
        "A": [
            _figure("p1", "A", a, "¥800 billion", 800 * 10**9, "mixed", source="s2"),
            _figure("y1", "A", a, "¥600 billion", 600 * 10**9, "semiconductors", "Rapidus", source="s2"),
        ],
        "B": [
            _figure("q", "B", b, "¥798 billion", 798 * 10**9, "energy", source="s3"),
            _figure("y2", "B", b, "¥600 billion", 600 * 10**9, "semiconductors", "Rapidus", source="s3"),
        ],
    }
    add_documents(con, docs)
    rebuild_lines(con, aliases)
    assert differences_from_reference(con, aliases) == {}
    assert con.execute("select count(*) from core.fact_conflicts where kind = 'allocation'").fetchall() == [
        (1,)
    ]
    d = "Another ¥795 billion fund."
    add_documents(con, {"D": [_figure("p3", "D", d, "¥795 billion", 795 * 10**9, "mixed")]})
    assert not rebuild_lines(con, aliases)["full"]
    assert differences_from_reference(con, aliases) == {}
    assert con.execute("select count(*) from core.fact_conflicts").fetchall() == [(0,)]


def test_an_update_keeps_the_stored_rows_of_the_lines_it_reconciles_again_unchanged(con):
    """A new report of a line rewrites that line; the other line of its component (the same money at
    an earlier stage, superseded by it) comes out the same and keeps its stored row."""
    aliases = Aliases(ALIASES)
    s = "Rapidus gets ¥100 billion."
    draft = _figure("x", "A", s, "¥100 billion", 100 * 10**9, "semiconductors", "Rapidus")
    request = _figure("y", "B", s, "¥100 billion", 100 * 10**9, "semiconductors", "Rapidus", source="s2")
    add_documents(con, {"A": [draft], "B": [request[:14] + ("request",) + request[15:]]})
    rebuild_lines(con, aliases)
    before = dict(con.execute("select stage, rowid from core.budget_lines").fetchall())
    again = _figure("z", "C", s, "¥100 billion", 100 * 10**9, "semiconductors", "Rapidus", source="s3")
    add_documents(con, {"C": [again]})
    assert not rebuild_lines(con, aliases)["full"]
    assert differences_from_reference(con, aliases) == {}
    after = dict(con.execute("select stage, rowid from core.budget_lines").fetchall())
    rows = con.execute("select stage, n_facts, superseded_by is not null from core.budget_lines order by all")
    assert rows.fetchall() == [("draft", 2, False), ("request", 1, True)]
    assert after["request"] == before["request"] and after["draft"] != before["draft"]


# ------------------------------------------------------------------------------------------------
# The splitting into components: amounts at the rounding boundary, facts with unsaid fields or in
# another currency that bridge two groups of amounts, nesting between components
# ------------------------------------------------------------------------------------------------


def _row(fact_id, document, amount, sentence=None, as_written=None, **over) -> tuple:
    """A fact row (see `_figure`) with any column overridden by name."""
    as_written = as_written or f"¥{amount:,}"
    sentence = sentence or f"A budget of {as_written}."
    values = dict(
        zip(_FACT_COLUMNS, _figure(fact_id, document, sentence, as_written, amount, "ai"), strict=True)
    )
    values.update(over)
    if "currency" in over and "amount_jpy" not in over:
        values["amount_jpy"] = amount * 150 if over["currency"] == "USD" else amount
    return tuple(values[c] for c in _FACT_COLUMNS)


def _walk(con, aliases, docs: dict[str, list[tuple]], order: list[str]) -> None:
    """Add the documents one by one in `order`, then remove them in the same order; after every
    update the tables must be those of a full rebuild."""
    add_documents(con, {order[0]: docs[order[0]]})
    rebuild_lines(con, aliases)
    for name in order[1:]:
        add_documents(con, {name: docs[name]})
        assert not rebuild_lines(con, aliases)["full"]
        assert differences_from_reference(con, aliases) == {}, f"after adding {name}"
    for name in order[:-1]:
        remove_documents(con, [name])
        assert not rebuild_lines(con, aliases)["full"]
        assert differences_from_reference(con, aliases) == {}, f"after removing {name}"


B = 10**9


@pytest.mark.parametrize("order", ["ABCD", "BDCA", "CADB", "DCBA"])
def test_a_figure_agreeing_with_two_figures_that_disagree_bridges_their_components(con, order):
    """1,231 and 1,249 (billion) disagree; 1.24 trillion (rounding 10 billion) agrees with both, and
    1.25 trillion differs from 1.24 trillion by exactly its rounding unit: not the same figure."""
    aliases = Aliases(ALIASES)
    docs = {
        "A": [_row("a", "A", 1_231 * B, source="s1")],
        "B": [_row("b", "B", 1_240 * B, source="s2", as_written="¥1.24 trillion")],
        "C": [_row("c", "C", 1_249 * B, source="s3", published=date(2026, 3, 1))],
        "D": [_row("d", "D", 1_250 * B, source="s4", as_written="¥1.25 trillion", stage="initial")],
    }
    _walk(con, aliases, docs, list(order))


@pytest.mark.parametrize("order", ["JKWU", "WUJK", "UJWK", "KWJU"])
def test_facts_with_unsaid_fields_or_another_currency_bridge_two_groups(con, order):
    """Japan's and Korea's ¥600 billion are two items; a report without government or year can join
    either, and a dollar figure agrees with the yen ones through its yen amount."""
    aliases = Aliases(ALIASES)
    docs = {
        "J": [_row("j", "J", 600 * B, source="s1")],
        "K": [_row("k", "K", 600 * B, source="s2", government="South Korea")],
        "W": [_row("w", "W", 600 * B, source="s3", government=None, fiscal_year=None, agency=None)],
        "U": [_row("u", "U", 4 * B, source="s4", currency="USD", as_written="$4 billion", government=None)],
    }
    _walk(con, aliases, docs, list(order))


@pytest.mark.parametrize("order", ["PQRS", "SRQP", "QSPR"])
def test_nesting_between_components_follows_additions_and_removals(con, order):
    """¥600 billion (Rapidus) sits inside ¥2,000 billion and inside ¥1,500 billion: components apart
    (the amounts disagree), linked only by nesting, which decides the tightest parent and so which
    Rapidus lines conflict."""
    aliases = Aliases(ALIASES)
    p = "The budget gives Rapidus ¥2,000 billion, of which ¥600 billion is for one plant."
    r = "A fund of ¥1,500 billion, of which ¥600 billion goes to Rapidus."
    docs = {
        "P": [
            _row("p1", "P", 2_000 * B, p, "¥2,000 billion", recipient="Rapidus"),
            _row("p2", "P", 600 * B, p, "¥600 billion", recipient="Rapidus"),
        ],
        "Q": [_row("q", "Q", 2_000 * B, source="s2", recipient="Rapidus", published=date(2026, 1, 5))],
        "R": [
            _row("r1", "R", 1_500 * B, r, "¥1,500 billion", source="s3"),
            _row("r2", "R", 600 * B, r, "¥600 billion", source="s3", recipient="Rapidus"),
        ],
        "S": [_row("s", "S", 1_200 * B, source="s4", recipient="Rapidus", published=date(2026, 2, 1))],
    }
    _walk(con, aliases, docs, list(order))


def boundary_document(rng: random.Random, name: str) -> list[tuple]:
    """A random document whose figures sit at and around rounding boundaries of a few amounts, often
    with unsaid fields or in dollars, so that components keep merging and splitting."""
    rows = []
    amounts = sorted(
        (rng.choice([1_231, 124, 1_249, 125, 600, 6, 2_000, 1_500]) for _ in range(3)), reverse=True
    )
    scale = {124: 10 * B, 125: 10 * B, 6: 100 * B}  # 1.24 and 1.25 trillion, 600 billion
    figures = [a * scale.get(a, B) for a in amounts]
    sentence = f"The budget of ¥{figures[0]:,}, of which ¥{figures[1]:,} is new."
    for i in range(rng.randint(1, 3)):
        amount = figures[i] + rng.choice([0, 0, 0, B, -B, B // 10])
        usd = rng.random() < 0.15
        over = {
            "source_id": rng.choice(["s1", "s2", "s3", "s4"]),
            "published": date(2025 + rng.randint(0, 1), rng.randint(1, 12), rng.randint(1, 28)),
            "kind": rng.choice(["allocation", "allocation", "total_budget", "bond"]),
            "stage": rng.choice(["draft", "initial", "unknown", "request"]),
            "instrument": rng.choice(["subsidy", "unknown"]),
            "recipient": rng.choice([None, None, "Rapidus", "Rapidus Corp"]),
            "government": rng.choice(["Japan", "Japan", None, "South Korea"]),
            "agency": rng.choice(["METI", None]),
            "fiscal_year": rng.choice([2026, 2026, None]),
            "qualifier": rng.choice([None, None, "approx", "up_to"]),
        }
        if usd:
            over.update(currency="USD", amount_jpy=amount)
            amount //= 150
        written = f"¥{figures[i]:,}" if i < 2 else None
        rows.append(_row(f"{name}-f{i}", name, amount, sentence if i < 2 else None, written, **over))
    return rows


@pytest.mark.parametrize("seed", range(4))
def test_updates_of_figures_at_rounding_boundaries_equal_a_full_rebuild(con, seed):
    rng = random.Random(1000 + seed)
    aliases = Aliases(ALIASES)
    docs = {f"b{seed}-{i}": boundary_document(rng, f"b{seed}-{i}") for i in range(60)}
    add_documents(con, docs)
    rebuild_lines(con, aliases)
    assert differences_from_reference(con, aliases) == {}
    names = list(docs)
    for step in range(6):
        gone = rng.sample(names, rng.randint(1, 8))
        remove_documents(con, gone)
        names = [n for n in names if n not in gone]
        fresh = {
            f"b{seed}-{step}-{i}": boundary_document(rng, f"b{seed}-{step}-{i}")
            for i in range(rng.randint(1, 8))
        }
        add_documents(con, fresh)
        names += list(fresh)
        assert not rebuild_lines(con, aliases)["full"]
        assert differences_from_reference(con, aliases) == {}, f"step {step}"


def _line_states(con: duckdb.DuckDBPyConnection) -> tuple[dict, dict, dict]:
    """Each line's row (its alternative aside) and reports; its parent; its alternative."""
    rows = {
        r[0]: r for r in con.execute("select * exclude (alternative_to) from core.budget_lines").fetchall()
    }
    reports = dict(
        con.execute(
            "select line_id, list((fact_id, report_rank, is_best) order by report_rank) "
            "from core.budget_line_sources group by line_id"
        ).fetchall()
    )
    state = {line: (row, reports.get(line)) for line, row in rows.items()}
    parent = dict(con.execute("select line_id, parent_line_id from core.budget_lines").fetchall())
    alternative = dict(con.execute("select line_id, alternative_to from core.budget_lines").fetchall())
    return state, parent, alternative


def _chain(line: str, parent: dict[str, str | None]) -> set[str]:
    out = set()
    while line is not None and line not in out:
        out.add(line)
        line = parent.get(line)
    return out


@pytest.mark.parametrize("seed", range(4))
def test_an_update_looks_again_for_the_conflict_of_an_unchanged_line_only_when_it_changes(
    con, seed, monkeypatch
):
    """A line that an update leaves as it was (row, reports, ancestors, and the line it was an
    alternative to) has its conflict looked for again only when a new or changed line now beats it
    first, so its alternative changes: not merely because a new line of its group is near its value."""
    from pipelines.lib.steps import lines as module

    rng = random.Random(seed)
    aliases = Aliases(ALIASES)
    add_documents(con, random_documents(rng, f"r{seed}", 200, []))
    rebuild_lines(con, aliases)
    state, parent, alternative = _line_states(con)
    redone: set[str] = set()
    real = module.conflicts

    def spy(lines, parent_of=None, losers=None):
        redone.update(losers or ())
        return real(lines, parent_of, losers)

    monkeypatch.setattr(module, "conflicts", spy)
    add_documents(con, random_documents(rng, f"n{seed}", 8, []))
    assert not rebuild_lines(con, aliases)["full"]
    assert differences_from_reference(con, aliases) == {}
    state_after, parent_after, alternative_after = _line_states(con)
    changed = {line for line in state.keys() | state_after.keys() if state.get(line) != state_after.get(line)}
    unchanged = {
        line
        for line in state.keys() & state_after.keys()
        if not (_chain(line, parent) | _chain(line, parent_after)) & changed
        and alternative[line] not in changed
    }
    assert len(unchanged) > len(state) / 2
    assert redone & changed
    assert {line for line in redone & unchanged if alternative[line] == alternative_after[line]} == set()
