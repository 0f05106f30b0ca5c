"""Score `extract_facts` against a gold corpus laid out like corpus/dev.

Layout: `NNN.txt` (line 1 URL, line 2 title, [bracketed] when inferred and then not given to the
extractor, line 3 blank, then the text), `NNN.gold.json` (a list of figures), `meta.json`
(`{"NNN": {"published": "YYYY-MM-DD"}}`).

Matching is one-to-one per document. A prediction can match a gold figure when the amounts agree
within 0.5% and the currencies are equal, or, for a percent change with no amount, when the
percents agree within 0.5 points. Among the possible pairings the scorer takes the largest set of
pairs, and among those it prefers pairs whose `as_written` equals the gold `as_written` or
`alt_as_written`, then pairs with a budget (non-`other`) gold figure, then pairs that agree on
kind, sector, recipient and fiscal year (this only decides which of two equal amounts is which).

Counting:
- Gold figures of kind `other` are neutral: a prediction matched to one is neither a true nor a
  false positive, and an unmatched one is not a miss.
- Predictions of kind `other` are not claims of a budget figure: they are never matched and never
  false positives. A gold budget figure that was predicted only as `other` is a miss.
- precision = TP / (TP + FP), recall = TP / (gold budget figures), f1 their harmonic mean.

Attribute accuracies are computed over true-positive pairs:
- kind, sector: equal strings.
- recipient: correct when both are null; or when the alias table resolves both to canonical
  entities and the two sets share one; or when every significant word of the predicted recipient
  appears in the gold description, or every significant word of the gold description appears in
  the prediction (words: lower-cased Latin words of two or more letters without stop words and a
  plural "s", with "R&D" and "AI" read as the words they abbreviate, plus runs of CJK characters,
  which count as present when they occur in the other text). One side null and the other not is
  wrong.
- fiscal year: the gold year is `fiscal_year` ("FY2026"; for a span such as "FY2024-25 to
  FY2030-31" its first year), else `fiscal_year_inferred`, else null; the prediction's
  `fiscal_year` (stated or inferred) must equal it, and both null is correct.

The last line printed is one JSON object with the totals.
"""

from __future__ import annotations

import json
import re
import sys
import time
from datetime import date
from pathlib import Path
from typing import TextIO

from pipelines.lib.extract import extract_facts
from pipelines.lib.extract.entities import default_table
from pipelines.lib.extract.fiscal import parse_fiscal_label
from pipelines.lib.model import Fact

_STOP = frozenset(
    [
        "the",
        "a",
        "an",
        "of",
        "for",
        "and",
        "or",
        "in",
        "on",
        "to",
        "by",
        "with",
        "from",
        "at",
        "as",
        "its",
        "their",
        "new",
        "incl",
        "including",
        "e",
        "g",
        "etc",
        "part",
        "total",
        "programme",
        "program",
    ]
)
# Abbreviations a description may use for the words of a name ("R&D", "AI").
_EXPAND = {"r&d": ("research", "development"), "ai": ("artificial", "intelligence")}
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9&'-]+|[\u3040-\u30ff\u4e00-\u9fff]{2,}")
_CJK = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


def load_document(path: Path) -> tuple[str | None, str | None, str]:
    """(url, title or None when inferred, text) of one corpus `.txt` file."""
    raw = path.read_text(encoding="utf-8")
    lines = raw.split("\n", 3)
    url = lines[0].strip() or None if lines else None
    title = lines[1].strip() if len(lines) > 1 else ""
    text = lines[3] if len(lines) > 3 else ""
    if not title or (title.startswith("[") and title.endswith("]")):
        title = None
    return url, title, text


def _words(s: str) -> set[str]:
    out = set()
    for w in _WORD.findall(s):
        if _CJK.match(w):
            out.add(w)
            continue
        w = w.lower().strip("'-")
        if w in _EXPAND:
            out.update(_EXPAND[w])
            continue
        if len(w) < 2 or w in _STOP:
            continue
        if len(w) > 3 and w.endswith("s") and not w.endswith("ss"):
            w = w[:-1]
        out.add(w)
    return out


def _contained(words: set[str], other_text: str, other_words: set[str]) -> bool:
    if not words:
        return False
    return all((w in other_text) if _CJK.match(w) else (w in other_words) for w in words)


def recipient_agrees(predicted: str | None, gold: str | None) -> bool:
    """The recipient rule of the module docstring."""
    if not predicted and not gold:
        return True
    if not predicted or not gold:
        return False
    table = default_table()
    types = ("recipient", "programme", "agency")
    a, b = table.canonical_names(predicted, types), table.canonical_names(gold, types)
    if a and b and a & b:
        return True
    pw, gw = _words(predicted), _words(gold)
    return _contained(pw, gold, gw) or _contained(gw, predicted, pw)


def gold_fiscal_year(entry: dict) -> int | None:
    """The gold year: stated `fiscal_year`, else `fiscal_year_inferred`, else None."""
    return parse_fiscal_label(entry.get("fiscal_year")) or parse_fiscal_label(
        entry.get("fiscal_year_inferred")
    )


def amounts_agree(fact: Fact, entry: dict) -> bool:
    """Same amount within 0.5% and same currency; for percent changes, same percent within 0.5."""
    g_amount = entry.get("amount")
    if g_amount is not None:
        if fact.amount is None or fact.currency != entry.get("currency"):
            return False
        return abs(fact.amount - g_amount) <= 0.005 * abs(g_amount)
    g_pct = entry.get("percent")
    if g_pct is None or fact.amount is not None or fact.percent is None:
        return False
    return abs(fact.percent - float(g_pct)) <= 0.5


def _attributes(fact: Fact, entry: dict) -> dict[str, bool]:
    return {
        "kind": fact.kind == entry.get("kind"),
        "sector": fact.sector == entry.get("sector"),
        "recipient": recipient_agrees(fact.recipient, entry.get("recipient")),
        "fiscal_year": fact.fiscal_year == gold_fiscal_year(entry),
    }


def _assign(weights: list[list[float | None]]) -> list[tuple[int, int]]:
    """Maximum-weight one-to-one pairing (None = not allowed), by the Hungarian method."""
    n_rows = len(weights)
    n_cols = len(weights[0]) if weights else 0
    if not n_rows or not n_cols:
        return []
    n = max(n_rows, n_cols)
    big = 1 + max((w for row in weights for w in row if w is not None), default=0)
    cost = [[0.0] * n for _ in range(n)]
    for i in range(n):
        for j in range(n):
            w = weights[i][j] if i < n_rows and j < n_cols else None
            cost[i][j] = big - w if w is not None else big
    inf = float("inf")
    u, v = [0.0] * (n + 1), [0.0] * (n + 1)
    p, way = [0] * (n + 1), [0] * (n + 1)
    for i in range(1, n + 1):
        p[0] = i
        j0 = 0
        minv = [inf] * (n + 1)
        used = [False] * (n + 1)
        while True:
            used[j0] = True
            i0, delta, j1 = p[j0], inf, 0
            for j in range(1, n + 1):
                if not used[j]:
                    cur = cost[i0 - 1][j - 1] - u[i0] - v[j]
                    if cur < minv[j]:
                        minv[j], way[j] = cur, j0
                    if minv[j] < delta:
                        delta, j1 = minv[j], j
            for j in range(n + 1):
                if used[j]:
                    u[p[j]] += delta
                    v[j] -= delta
                else:
                    minv[j] -= delta
            j0 = j1
            if p[j0] == 0:
                break
        while True:
            j1 = way[j0]
            p[j0] = p[j1]
            j0 = j1
            if j0 == 0:
                break
    pairs = []
    for j in range(1, n + 1):
        i = p[j] - 1
        if i < n_rows and j - 1 < n_cols and weights[i][j - 1] is not None:
            pairs.append((i, j - 1))
    return pairs


def match_document(
    facts: list[Fact], gold: list[dict]
) -> tuple[list[tuple[Fact, dict]], list[Fact], list[dict]]:
    """(matched pairs, unmatched budget predictions, unmatched gold) for one document."""
    preds = [f for f in facts if f.kind != "other"]
    weights: list[list[float | None]] = []
    for f in preds:
        row: list[float | None] = []
        for g in gold:
            if not amounts_agree(f, g):
                row.append(None)
                continue
            w = 1000.0
            if f.as_written in (g.get("as_written"), g.get("alt_as_written")):
                w += 100.0
            if g.get("kind") != "other":
                w += 10.0
            w += sum(_attributes(f, g).values())
            row.append(w)
        weights.append(row)
    pairs = _assign(weights)
    matched = [(preds[i], gold[j]) for i, j in pairs]
    used_p = {i for i, _ in pairs}
    used_g = {j for _, j in pairs}
    return (
        matched,
        [f for i, f in enumerate(preds) if i not in used_p],
        [g for j, g in enumerate(gold) if j not in used_g],
    )


def _describe(f: Fact) -> str:
    value = f"{f.amount} {f.currency}" if f.amount is not None else f"{f.percent}%"
    roles = f"kind={f.kind} sector={f.sector} recipient={f.recipient!r} fy={f.fiscal_year}"
    return f"{f.as_written!r} ({value}) {roles}"


def run_eval(gold_dir: Path, *, verbose: bool = False, out: TextIO = sys.stdout) -> dict:
    """Score extraction on a gold corpus; print per-document detail with `verbose`, then a JSON line."""
    started = time.perf_counter()
    gold_dir = Path(gold_dir)
    meta_path = gold_dir / "meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.exists() else {}
    totals = {"tp": 0, "fp": 0, "fn": 0, "neutral": 0, "gold": 0, "gold_other": 0, "pred": 0, "pred_other": 0}
    attr_ok = {"kind": 0, "sector": 0, "recipient": 0, "fiscal_year": 0}
    documents = 0
    extract_seconds = 0.0
    for txt in sorted(gold_dir.glob("*.txt")):
        doc_id = txt.stem
        gold_path = gold_dir / f"{doc_id}.gold.json"
        if not gold_path.exists():
            continue
        documents += 1
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        url, title, text = load_document(txt)
        published = meta.get(doc_id, {}).get("published")
        t0 = time.perf_counter()
        facts = extract_facts(
            text,
            document=doc_id,
            published=date.fromisoformat(published) if published else None,
            url=url,
            title=title,
        )
        extract_seconds += time.perf_counter() - t0
        matched, false_pos, unmatched = match_document(facts, gold)
        tp_pairs = [(f, g) for f, g in matched if g.get("kind") != "other"]
        misses = [g for g in unmatched if g.get("kind") != "other"]
        totals["tp"] += len(tp_pairs)
        totals["neutral"] += len(matched) - len(tp_pairs)
        totals["fp"] += len(false_pos)
        totals["fn"] += len(misses)
        totals["gold"] += sum(1 for g in gold if g.get("kind") != "other")
        totals["gold_other"] += sum(1 for g in gold if g.get("kind") == "other")
        totals["pred"] += sum(1 for f in facts if f.kind != "other")
        totals["pred_other"] += sum(1 for f in facts if f.kind == "other")
        wrong = []
        for f, g in tp_pairs:
            checks = _attributes(f, g)
            for name, ok in checks.items():
                attr_ok[name] += ok
                if not ok:
                    expected = gold_fiscal_year(g) if name == "fiscal_year" else g.get(name)
                    got = getattr(f, name)
                    wrong.append(f"{f.as_written!r} {name}: gold={expected!r} predicted={got!r}")
        if verbose and (misses or false_pos or wrong):
            print(
                f"== {doc_id} ({len(tp_pairs)} matched, {len(misses)} missed, {len(false_pos)} false)",
                file=out,
            )
            for g in misses:
                print(
                    f"  MISS {g.get('as_written')!r} kind={g.get('kind')} amount={g.get('amount')}", file=out
                )
            for f in false_pos:
                print(f"  FALSE {_describe(f)}", file=out)
            for line in wrong:
                print(f"  WRONG {line}", file=out)
    tp, fp, fn = totals["tp"], totals["fp"], totals["fn"]
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0

    def acc(name: str) -> float:
        return round(attr_ok[name] / tp, 4) if tp else 0.0

    summary = {
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "kind_accuracy": acc("kind"),
        "sector_accuracy": acc("sector"),
        "recipient_accuracy": acc("recipient"),
        "fiscal_year_accuracy": acc("fiscal_year"),
        "documents": documents,
        "gold": totals["gold"],
        "gold_other": totals["gold_other"],
        "predicted": totals["pred"],
        "predicted_other": totals["pred_other"],
        "matched": tp,
        "neutral": totals["neutral"],
        "false_positives": fp,
        "missed": fn,
        "extract_seconds": round(extract_seconds, 4),
        "seconds": round(time.perf_counter() - started, 3),
    }
    print(json.dumps(summary), file=out)
    return summary
