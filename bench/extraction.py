"""Extraction throughput: budgetwatch's text-to-facts against quantulum3 on the same texts, one core.

The texts of the dev corpus (read at run time from ../shared/corpus/dev, never copied into the repo)
are replicated with varied figures (every digit run redrawn, years shifted) to N documents. Both
extractors see the same documents in the same process, pinned to one CPU. quantulum3 is ~100x slower,
so it is timed on the first `--quantulum-n` documents (a subset large enough for a stable rate), and
budgetwatch is timed on that subset too, so the ratio compares like with like.

Run: .venv/bin/python bench/extraction.py [--n 5000] [--quantulum-n 400] [--seed 7]
"""

from __future__ import annotations

import argparse
import gc
import random
import re
import statistics
import time
import warnings

from common import DEV_CORPUS, pin_to_one_core, write_results

from pipelines.lib.extract import extract_facts
from pipelines.lib.markdown import text_table

_DIGITS = re.compile(r"[0-9]+|[０-９]+")
_FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def load_corpus(folder=DEV_CORPUS) -> list[dict]:
    """The dev corpus texts: first line URL, a `[title]` line, then the body."""
    docs = []
    for path in sorted(folder.glob("*.txt")):
        lines = path.read_text(encoding="utf-8").splitlines()
        url = lines[0].strip() if lines and lines[0].startswith("http") else None
        title = None
        if len(lines) > 1 and lines[1].startswith("["):
            title = lines[1].strip("[] ")
        docs.append(
            {"name": path.stem, "url": url, "title": title, "text": "\n".join(lines[2:] if url else lines)}
        )
    if not docs:
        raise SystemExit(f"no .txt files under {folder}")
    return docs


def vary_figures(text: str, rng: random.Random) -> str:
    """Redraw every digit run with the same number of digits; a year-like run moves by a few years."""
    shift = rng.randint(-3, 3)

    def redraw(match: re.Match) -> str:
        run = match.group(0)
        wide = not run.isascii()
        plain = run.translate({ord(c): ord("0") + (ord(c) - 0xFF10) for c in run}) if wide else run
        if len(plain) == 4 and 1990 <= int(plain) <= 2039:
            new = str(int(plain) + shift)
        else:
            first = str(rng.randint(1, 9)) if plain[0] != "0" else "0"
            new = first + "".join(str(rng.randint(0, 9)) for _ in plain[1:])
        return new.translate(_FULLWIDTH) if wide else new

    return _DIGITS.sub(redraw, text)


def replicate(corpus: list[dict], n: int, seed: int) -> list[dict]:
    """N documents cycling through the corpus, each with its own figures (deterministic for a seed)."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        base = corpus[i % len(corpus)]
        out.append(
            {
                "document": f"{base['name']}-{i}",
                "url": base["url"],
                "title": vary_figures(base["title"], rng) if base["title"] else None,
                "text": vary_figures(base["text"], rng),
            }
        )
    return out


def time_budgetwatch(docs: list[dict]) -> tuple[float, int]:
    gc.collect()
    facts = 0
    started = time.perf_counter()
    for d in docs:
        facts += len(extract_facts(d["text"], document=d["document"], url=d["url"], title=d["title"]))
    return time.perf_counter() - started, facts


def time_quantulum(docs: list[dict]) -> tuple[float, int]:
    from quantulum3 import parser

    gc.collect()
    quantities = 0
    started = time.perf_counter()
    for d in docs:
        quantities += len(parser.parse(d["text"]))
    return time.perf_counter() - started, quantities


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=5000, help="documents for budgetwatch (default 5000)")
    ap.add_argument("--quantulum-n", type=int, default=400, help="documents for quantulum3 (default 400)")
    ap.add_argument("--repeats", type=int, default=3, help="timed passes of budgetwatch over all N")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()

    cpu = pin_to_one_core()
    warnings.filterwarnings("ignore", module="quantulum3")
    corpus = load_corpus()
    docs = replicate(corpus, args.n, args.seed)
    chars = sum(len(d["text"]) for d in docs)
    subset = docs[: args.quantulum_n]

    # warm-up: compiled lexicons and regexes are built once per process, not per document
    extract_facts(docs[0]["text"], document="warm-up")
    from quantulum3 import parser

    parser.parse(docs[0]["text"])

    bw_runs = [time_budgetwatch(docs) for _ in range(args.repeats)]
    bw_secs = statistics.median(s for s, _ in bw_runs)
    bw_facts = bw_runs[0][1]
    bw_sub_secs, _ = time_budgetwatch(subset)
    q_secs, q_quantities = time_quantulum(subset)

    bw_rate = len(docs) / bw_secs
    bw_sub_rate = len(subset) / bw_sub_secs
    q_rate = len(subset) / q_secs
    rows = [
        ("budgetwatch extract_facts", len(docs), f"{bw_secs:.2f}", f"{bw_rate:,.0f}", bw_facts, "facts"),
        ("budgetwatch (quantulum subset)", len(subset), f"{bw_sub_secs:.2f}", f"{bw_sub_rate:,.0f}", "", ""),
        (
            "quantulum3 parser.parse",
            len(subset),
            f"{q_secs:.2f}",
            f"{q_rate:,.1f}",
            q_quantities,
            "quantities",
        ),
    ]
    print(
        f"corpus: {len(corpus)} dev texts -> {len(docs)} documents, "
        f"{chars / len(docs):,.0f} chars/doc on average"
    )
    print(f"pinned to cpu {cpu}; budgetwatch median of {args.repeats} passes")
    print(text_table(["extractor", "docs", "seconds", "docs/s", "found", "of"], rows))
    ratio_same = bw_sub_rate / q_rate
    ratio_full = bw_rate / q_rate
    print(
        f"ratio budgetwatch/quantulum3: {ratio_same:,.0f}x on the same subset, {ratio_full:,.0f}x full-N rate"
    )
    print(
        f"targets: >= 2,000 docs/s ({'met' if bw_rate >= 2000 else 'MISSED'}), "
        f">= 150x quantulum3 ({'met' if ratio_same >= 150 else 'MISSED'})"
    )
    path = write_results(
        "extraction",
        {
            "command": "bench/extraction.py "
            + " ".join(f"--{k.replace('_', '-')} {v}" for k, v in vars(args).items()),
            "corpus_texts": len(corpus),
            "documents": len(docs),
            "mean_chars": round(chars / len(docs)),
            "budgetwatch": {
                "seconds": bw_secs,
                "docs_per_s": bw_rate,
                "facts": bw_facts,
                "passes": [s for s, _ in bw_runs],
            },
            "budgetwatch_subset": {"docs": len(subset), "seconds": bw_sub_secs, "docs_per_s": bw_sub_rate},
            "quantulum3": {
                "docs": len(subset),
                "seconds": q_secs,
                "docs_per_s": q_rate,
                "quantities": q_quantities,
                "version": "0.10.0",
                "classifier": False,
            },
            "ratio_same_subset": ratio_same,
            "ratio_full_rate": ratio_full,
            "targets": {"docs_per_s": 2000, "ratio": 150},
        },
    )
    print(f"results: {path}")


if __name__ == "__main__":
    main()
