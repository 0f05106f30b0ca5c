"""A generator of realistic budget documents for load tests: HTML and plain text, English and
Japanese, several layouts, varied figures, recipients, stages and fiscal years.

    .venv/bin/python bench/generate.py OUT_DIR [--n 10000] [--seed 1] [--start 0] [--shards 20]

writes `OUT_DIR/docs/shard-XX/*.html|*.txt` and `OUT_DIR/catalog.yaml` (one `folder` source per shard,
each with its own government, agency and publisher type). Document i goes to shard i % shards, so a
second call with `--start N --n K` adds K new documents to the same shards and the same catalog
(the "1% new documents" re-run). The same (seed, i) always gives the same bytes. Every sentence
template is written for this project; nothing is copied from any corpus.

Importable: `generate(out_dir, n, seed=1, start=0, shards=20)` and `document(i, seed)`.
"""

from __future__ import annotations

import argparse
import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import yaml

# (government, agency, language, currency style, publisher type)
SHARD_PROFILES = (
    ("Japan", "METI", "ja", "jpy", "ministry"),
    ("Japan", None, "en", "jpy", "news"),
    ("Japan", "METI", "en", "jpy", "news"),
    ("Japan", "MEXT", "ja", "jpy", "news"),
    ("United States", "Department of Commerce", "en", "usd", "ministry"),
    ("United States", None, "en", "usd", "news"),
    ("European Union", "European Commission", "en", "eur", "ministry"),
    ("South Korea", None, "en", "krw", "news"),
    ("Japan", "Cabinet Office", "ja", "jpy", "news"),
    ("India", None, "en", "inr", "news"),
)

SECTORS_EN = (
    ("semiconductors", "advanced semiconductors", "chip production"),
    ("ai", "artificial intelligence", "AI computing infrastructure"),
    ("decarbonization", "decarbonisation", "green transformation projects"),
    ("critical_minerals", "critical minerals", "rare earth supply chains"),
    ("energy", "grid-scale batteries", "energy security"),
    ("nuclear", "next-generation nuclear reactors", "small modular reactors"),
)
SECTORS_JA = ("次世代半導体", "生成AIの開発", "脱炭素投資", "重要鉱物の確保", "蓄電池の増産", "次世代革新炉")
RECIPIENTS = (
    "Rapidus",
    "TSMC",
    "Micron",
    "Samsung",
    "Kioxia",
    "JASM",
    "Intel",
    "SK hynix",
    "GlobalFoundries",
)
RECIPIENTS_JA = ("ラピダス", "キオクシア", "JASM", "マイクロン")
STAGES_EN = (
    ("request", "budget request"),
    ("draft", "draft budget approved by the cabinet"),
    ("initial", "initial budget enacted by parliament"),
    ("supplementary", "supplementary budget"),
)
STAGES_JA = ("概算要求", "予算案", "当初予算", "補正予算")
OUTLETS = (
    "The Tokyo Ledger",
    "Asia Policy Wire",
    "Chip Street Journal",
    "Grid & Power Daily",
    "Policy Brief",
)
WRITERS = ("Aiko Mori", "Daniel Reyes", "Priya Natarajan", "Kenji Watanabe", "Laura Becker", "Min-jun Park")


@dataclass
class Document:
    """One generated document: its file name (relative to its shard) and bytes."""

    shard: int
    name: str
    body: bytes


def _money_en(rng: random.Random, style: str) -> tuple[str, int]:
    """A figure as an English text writes it, and its value in full units."""
    if style == "jpy":
        billions = rng.choice((rng.randint(1, 99), rng.randint(100, 999), rng.randint(1000, 4000)))
        if billions >= 1000 and rng.random() < 0.6:
            trillions = round(billions / 1000, 2)
            return rng.choice((f"¥{trillions} trillion", f"{trillions} trillion yen")), int(
                trillions * 10**12
            )
        return rng.choice(
            (f"¥{billions} billion", f"{billions} billion yen", f"¥{billions}bn")
        ), billions * 10**9
    if style == "usd":
        tenths = rng.randint(1, 399)
        value = tenths / 10
        text = rng.choice((f"${value:g} billion", f"${value:g}bn", f"{value:g} billion dollars"))
        return text, tenths * 10**8
    if style == "eur":
        value = rng.randint(1, 120) / 10
        return rng.choice((f"€{value:g} billion", f"{value:g} billion euros")), int(round(value * 10)) * 10**8
    if style == "krw":
        value = rng.randint(1, 300) / 10
        return f"{value:g} trillion won", int(round(value * 10)) * 10**11
    crore = rng.randint(100, 90_000)
    return f"Rs {crore:,} crore", crore * 10**7


def _money_ja(rng: random.Random) -> tuple[str, int]:
    oku = rng.randint(5, 29_999)
    if oku >= 10_000:
        cho, rest = divmod(oku, 10_000)
        text = f"{cho}兆{rest:,}億円" if rest else f"{cho}兆円"
    else:
        text = f"{oku:,}億円"
    if rng.random() < 0.3:  # full-width digits, as many ministry pages write them
        text = text.translate(str.maketrans("0123456789,", "０１２３４５６７８９，"))
    return text, oku * 10**8


def _published(rng: random.Random, fiscal_year: int) -> date:
    return date(fiscal_year - 1, 8, 1) + timedelta(days=rng.randint(0, 240))


def _english_paragraphs(rng: random.Random, profile, fiscal_year: int) -> list[str]:
    government, agency, _, style, _ = profile
    agency_name = agency or rng.choice(("the industry ministry", "the government", "officials"))
    sector = rng.choice(SECTORS_EN)
    stage = rng.choice(STAGES_EN)
    recipient = rng.choice(RECIPIENTS)
    a, _ = _money_en(rng, style)
    b, _ = _money_en(rng, style)
    c, _ = _money_en(rng, style)
    change = rng.choice(("nearly triple", "up 50%", "a 12% increase", "roughly double", "down 8%"))
    paragraphs = [
        f"{government}'s {agency_name} plans about {a} for {sector[1]} in the fiscal {fiscal_year} "
        f"{stage[1]}, {change} from the previous year.",
        f"Of that, {b} will go to {recipient} as a subsidy for {sector[2]}, bringing total public "
        f"support for the company to {c} so far, according to people familiar with the plan.",
        rng.choice(
            (
                f"Private investment in the sector is expected to exceed {_money_en(rng, style)[0]} by 2030, "
                "analysts said, though that money is not part of the budget.",
                f"The package also includes {_money_en(rng, style)[0]} in loans and "
                f"{_money_en(rng, style)[0]} for research on {rng.choice(SECTORS_EN)[1]}.",
                "Lawmakers are expected to debate the plan before the end of the fiscal year.",
                f"Critics said the ministry has yet to explain how the {sector[1]} money will be audited.",
            )
        ),
        rng.choice(
            (
                "The ministry did not comment on the timing of the next tranche.",
                f"Shares of {rng.choice(RECIPIENTS)} rose 3% after the announcement.",
                "A final decision is due when the cabinet meets next month.",
            )
        ),
    ]
    rng.shuffle(paragraphs[2:])
    return paragraphs


def _japanese_paragraphs(rng: random.Random, profile, fiscal_year: int) -> list[str]:
    reiwa = fiscal_year - 2018
    sector = rng.choice(SECTORS_JA)
    stage = rng.choice(STAGES_JA)
    a, _ = _money_ja(rng)
    b, _ = _money_ja(rng)
    return [
        f"経済産業省は令和{reiwa}年度{stage}で、{sector}に約{a}を計上した。"
        f"前年度の約{rng.randint(2, 30) / 10:g}倍となる。",
        f"このうち{b}は{rng.choice(RECIPIENTS_JA)}への{rng.choice(('補助金', '出資', '委託費'))}に充てる。",
        f"民間の投資額は{_money_ja(rng)[0]}を超える見通しだが、予算には含まれない。",
        "関係者によると、年末までに詳細を詰める方針だ。",
    ]


def _html_article(rng, title, paragraphs, published, lang, outlet) -> str:
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{title} | {outlet}</title>
<meta property="og:title" content="{title}">
<meta property="article:published_time" content="{published.isoformat()}T09:00:00+09:00">
<meta name="author" content="{rng.choice(WRITERS)}"></head>
<body><nav><a href="/">Home</a> <a href="/policy/">Policy</a> <a href="/markets/">Markets</a></nav>
<main><article><h1>{title}</h1><p class="byline">By {rng.choice(WRITERS)}</p>
{body}
</article>
<aside><h2>Related</h2><ul><li><a href="/a/{rng.randint(1, 10**6)}">Chip makers weigh new plants</a></li>
<li><a href="/a/{rng.randint(1, 10**6)}">Power prices climb</a></li></ul></aside></main>
<footer><p>© {published.year} {outlet}. Subscribe for daily briefings.</p></footer></body></html>"""


def _html_ministry_table(rng, title, paragraphs, published, fiscal_year) -> str:
    reiwa = fiscal_year - 2018
    rows = "\n".join(
        f"<tr><td>{item}</td><td>{rng.randint(10, 9000):,}</td><td>{rng.randint(10, 9000):,}</td></tr>"
        for item in rng.sample(SECTORS_JA, 4)
    )
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<html lang="ja"><head><meta charset="utf-8"><title>{title}｜経済産業省</title></head>
<body><div id="header"><a href="/">トップ</a> <a href="/press/">ニュースリリース</a></div>
<div id="main"><h1>{title}</h1><p>{published.strftime("%Y年%m月%d日")}</p>
{body}
<p>（単位：億円）</p>
<table><tr><th>事項</th><th>令和{reiwa - 1}年度当初</th><th>令和{reiwa}年度</th></tr>
{rows}
</table></div><div id="footer">経済産業省</div></body></html>"""


def _html_divs(rng, title, paragraphs, published, lang) -> str:
    body = "\n".join(f'<div class="para">{p}</div>' for p in paragraphs)
    return f"""<html lang="{lang}"><head><title>{title}</title>
<script type="application/ld+json">
{{"@type": "NewsArticle", "datePublished": "{published.isoformat()}"}}</script>
</head><body><div class="menu"><span>Menu</span></div>
<div class="story"><div class="headline">{title}</div>{body}</div>
<div class="cookie">We use cookies to improve this site.</div></body></html>"""


def _text(title, paragraphs, published) -> str:
    return f"{title}\n\n{published.isoformat()}\n\n" + "\n\n".join(paragraphs) + "\n"


def document(i: int, seed: int = 1, shards: int = 20) -> Document:
    """Document number `i` (deterministic for a seed)."""
    rng = random.Random(f"{seed}:{i}")
    shard = i % shards
    profile = SHARD_PROFILES[shard % len(SHARD_PROFILES)]
    lang = profile[2]
    fiscal_year = rng.randint(2020, 2030)
    published = _published(rng, fiscal_year)
    if lang == "ja":
        paragraphs = _japanese_paragraphs(rng, profile, fiscal_year)
        title = f"令和{fiscal_year - 2018}年度 {rng.choice(SECTORS_JA)}関連予算の概要（{i}）"
        layout = rng.choice(("ministry_table", "article", "text"))
    else:
        paragraphs = _english_paragraphs(rng, profile, fiscal_year)
        title = f"{profile[0]} sets FY{fiscal_year} money for {rng.choice(SECTORS_EN)[1]} ({i})"
        layout = rng.choice(("article", "divs", "text"))
    if layout == "text":
        return Document(shard, f"doc-{i:07d}.txt", _text(title, paragraphs, published).encode())
    if layout == "ministry_table":
        page = _html_ministry_table(rng, title, paragraphs, published, fiscal_year)
    elif layout == "divs":
        page = _html_divs(rng, title, paragraphs, published, lang)
    else:
        page = _html_article(rng, title, paragraphs, published, lang, rng.choice(OUTLETS))
    return Document(shard, f"doc-{i:07d}.html", page.encode())


def write_catalog(out_dir: Path, shards: int) -> Path:
    """`OUT_DIR/catalog.yaml`: one folder source per shard."""
    sources = []
    for s in range(shards):
        government, agency, lang, _, publisher = SHARD_PROFILES[s % len(SHARD_PROFILES)]
        sources.append(
            {
                "id": f"generated-shard-{s:02d}",
                "name": f"Generated documents, shard {s} ({government}, {lang})",
                "kind": "folder",
                "path": f"docs/shard-{s:02d}",
                "language": lang,
                "government": government,
                "agency": agency,
                "publisher_type": publisher,
                "schedule": "manual",
            }
        )
    path = out_dir / "catalog.yaml"
    path.write_text(
        yaml.safe_dump({"version": 1, "name": "generated", "sources": sources}, allow_unicode=True),
        encoding="utf-8",
    )
    return path


def generate(out_dir: Path | str, n: int, *, seed: int = 1, start: int = 0, shards: int = 20) -> Path:
    """Write documents start..start+n-1 and the catalog; returns the catalog path."""
    out_dir = Path(out_dir)
    for s in range(shards):
        (out_dir / "docs" / f"shard-{s:02d}").mkdir(parents=True, exist_ok=True)
    for i in range(start, start + n):
        doc = document(i, seed, shards)
        (out_dir / "docs" / f"shard-{doc.shard:02d}" / doc.name).write_bytes(doc.body)
    return write_catalog(out_dir, shards)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out_dir")
    ap.add_argument("--n", type=int, default=10_000, help="documents to write (default 10,000)")
    ap.add_argument("--start", type=int, default=0, help="number of the first document (to add new ones)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--shards", type=int, default=20, help="folder sources (default 20)")
    args = ap.parse_args()
    catalog = generate(args.out_dir, args.n, seed=args.seed, start=args.start, shards=args.shards)
    print(f"wrote {args.n} documents ({args.start}..{args.start + args.n - 1}); catalog {catalog}")


if __name__ == "__main__":
    main()
