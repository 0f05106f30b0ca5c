"""The long fuzz run: the suite's families of bad inputs at a larger scale (deeper nesting, more of
each), then a hypothesis run over parse_document and extract_facts with generated text and bytes.

Run: .venv/bin/python bench/fuzz_long.py [--scale 10] [--examples 20000] [--limit 30]
"""

from __future__ import annotations

import argparse
import collections
import time
import warnings

from bad_inputs import bad_inputs, run_isolated
from common import write_results

from pipelines.lib.markdown import text_table

_MONEYISH = (
    "0123456789０１２３４５６７８９,.，．¥$€£₩₹円元億兆万千百十約最大超 "
    "billionmilliontrillioncrorelakh%▲△()（）FY令和年度"
)


def hypothesis_run(examples: int) -> dict:
    """parse_document on arbitrary bytes and extract_facts on money-heavy text; returns counts."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from pipelines.lib.documents import parse_document
    from pipelines.lib.extract import extract_facts

    counts = collections.Counter()
    failures: list[str] = []
    common = settings(
        max_examples=examples,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )

    @common
    @given(
        st.binary(max_size=4000), st.sampled_from([None, "text/html", "text/plain", "application/rss+xml"])
    )
    def bytes_in(body, ctype):
        counts["bytes"] += 1
        doc = parse_document(body, content_type=ctype)
        assert doc.error is None or (isinstance(doc.error, str) and doc.error and doc.text == "")

    @common
    @given(st.text(alphabet=st.sampled_from(list(_MONEYISH)) | st.characters(), max_size=3000))
    def text_in(text):
        counts["text"] += 1
        for f in extract_facts(text, document="h"):
            assert text[f.start : f.end] == f.as_written

    for test in (bytes_in, text_in):
        try:
            test()
        except Exception as exc:  # hypothesis re-raises the shrunk failing example
            failures.append(f"{test.__name__}: {type(exc).__name__}: {str(exc)[:500]}")
    return {"examples": dict(counts), "failures": failures}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scale", type=float, default=10.0)
    ap.add_argument("--examples", type=int, default=20_000, help="hypothesis examples per property")
    ap.add_argument("--limit", type=float, default=30.0, help="per-document limit, seconds")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    warnings.filterwarnings("ignore")
    items = list(bad_inputs(seed=args.seed, scale=args.scale, depths=(100, 1000, 5000, 20000)))
    started = time.perf_counter()
    outcomes = run_isolated(items, limit_s=args.limit, workers=2)
    fuzz_s = time.perf_counter() - started
    by_family = collections.defaultdict(list)
    for o in outcomes:
        by_family[o.family].append(o)
    rows = []
    for family, found in sorted(by_family.items()):
        rows.append(
            (
                family,
                len(found),
                sum(1 for o in found if o.error),
                sum(1 for o in found if o.crash),
                sum(1 for o in found if o.hang),
                sum(o.bad_spans for o in found),
                f"{max(o.seconds for o in found):.2f}",
            )
        )
    print(f"{len(items)} inputs in {fuzz_s:.0f}s (2 workers, per-document limit {args.limit:.0f}s)")
    print(text_table(["family", "inputs", "errors recorded", "crashes", "hangs", "bad spans", "max s"], rows))
    for o in outcomes:
        if o.crash or o.hang:
            print(f"  {'HANG' if o.hang else 'CRASH'} {o.name} ({o.seconds:.1f}s) {(o.crash or '')[-300:]}")
    started = time.perf_counter()
    hyp = hypothesis_run(args.examples)
    hyp_s = time.perf_counter() - started
    print(f"hypothesis: {hyp['examples']} examples in {hyp_s:.0f}s; failures: {hyp['failures'] or 'none'}")
    path = write_results(
        "fuzz_long",
        {
            "command": f"bench/fuzz_long.py --scale {args.scale} --examples {args.examples} "
            f"--limit {args.limit}",
            "inputs": len(items),
            "seconds": fuzz_s,
            "families": {
                r[0]: dict(
                    zip(("inputs", "errors", "crashes", "hangs", "bad_spans", "max_s"), r[1:], strict=True)
                )
                for r in rows
            },
            "hangs": [o.name for o in outcomes if o.hang],
            "crashes": [(o.name, o.crash) for o in outcomes if o.crash],
            "hypothesis": hyp,
            "hypothesis_s": hyp_s,
        },
    )
    print(f"results: {path}")


if __name__ == "__main__":
    main()
