"""Hostile and broken inputs for parse_document and extract_facts, and a harness that runs them.

`bad_inputs(seed, scale)` yields `BadInput`s of every family the fuzz tests and the long fuzz
benchmark use: random bytes, truncated and deeply nested HTML, a 1 MB single line, mixed and wrong
charsets, malformed PDFs, XML entity bombs (billion laughs, quadratic blow-up, external entities),
gzip and zip bombs, control characters, and money-like text built to stress the grammar (huge
exponents, endless digit runs, stacked scales). `run_isolated` runs each input through
`parse_document` then `extract_facts` in a child process, with a per-input time limit, so a hang
is caught and named instead of stalling the caller.

Importable without the project on sys.path except for `check_one`, which imports the pipeline.
"""

from __future__ import annotations

import gzip
import io
import multiprocessing as mp
import queue
import random
import time
import traceback
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field

FAMILIES = (
    "random_bytes",
    "truncated_html",
    "nested_html",
    "long_line",
    "charset",
    "pdf",
    "xml_bomb",
    "archive_bomb",
    "control_chars",
    "money_text",
)


@dataclass
class BadInput:
    family: str
    name: str
    body: bytes
    content_type: str | None
    url: str | None = None


@dataclass
class Outcome:
    """What happened to one input."""

    family: str
    name: str
    seconds: float
    error: str | None = None  # ParsedDocument.error (a recorded failure, not a crash)
    crash: str | None = None  # an exception escaped parse_document or extract_facts
    hang: bool = False
    n_bytes: int = 0
    n_chars: int = 0
    n_facts: int = 0
    bad_spans: int = 0  # facts whose text[start:end] != as_written
    extra: dict = field(default_factory=dict)


# ---------------------------------------------------------------------------------------------- pieces

_EN_SENTENCES = (
    "The ministry set aside {a} billion yen for advanced chips in fiscal {y}.",
    "Officials said about ${b} million would go to a grid battery programme.",
    "The cabinet approved a supplementary budget of ¥{c} trillion on Friday.",
    "Total state investment in the chipmaker reached {a} billion yen.",
    "Spending on AI computing rose {p}% from the previous year.",
)
_JA_SENTENCES = (
    "経済産業省は令和{r}年度予算で半導体支援に{a}億円を計上した。",
    "政府は同社に{c}兆{a}億円を出資する方針だ。",
    "重要鉱物の確保に約{b}億円を充てる。",
    "AI関連の予算は前年度比{p}%増となった。",
)


def _sentence(rng: random.Random, lang: str) -> str:
    pool = _JA_SENTENCES if lang == "ja" else _EN_SENTENCES
    return rng.choice(pool).format(
        a=rng.randint(1, 9999),
        b=rng.randint(1, 999),
        c=rng.randint(1, 9),
        p=rng.randint(1, 300),
        y=rng.randint(2020, 2030),
        r=rng.randint(1, 12),
    )


def _page(rng: random.Random, lang: str = "en", paragraphs: int = 6) -> str:
    body = "".join(f"<p>{' '.join(_sentence(rng, lang) for _ in range(3))}</p>\n" for _ in range(paragraphs))
    return (
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>Budget news</title>'
        f'<meta property="article:published_time" content="2025-12-{rng.randint(1, 28):02d}">'
        f"</head><body><article><h1>Budget news</h1>\n{body}</article></body></html>"
    )


def _pdf(rng: random.Random) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("Helvetica", size=10)
    pdf.add_page()
    pdf.multi_cell(0, 6, " ".join(_sentence(rng, "en").replace("¥", "JPY ") for _ in range(8)))
    return bytes(pdf.output())


# ---------------------------------------------------------------------------------------------- families


def _random_bytes(rng: random.Random, n: int) -> Iterator[BadInput]:
    for i in range(n):
        size = rng.choice((1, 2, 7, 64, 512, 4096, 65536))
        ctype = rng.choice((None, "text/html", "text/plain", "application/pdf", "application/rss+xml"))
        yield BadInput("random_bytes", f"random-{i}-{size}", rng.randbytes(size), ctype)


def _truncated_html(rng: random.Random, n: int) -> Iterator[BadInput]:
    for i in range(n):
        page = _page(rng, rng.choice(("en", "ja"))).encode()
        cut = rng.randint(1, len(page) - 1)
        body = page[:cut]
        if i % 3 == 1:  # cut in the middle of a multi-byte character, then garbage
            body = body + rng.randbytes(rng.randint(1, 40))
        yield BadInput("truncated_html", f"truncated-{i}-at-{cut}", body, "text/html")


def _nested_html(rng: random.Random, n: int, depths: tuple[int, ...]) -> Iterator[BadInput]:
    shapes = (
        lambda d: "<div>" * d + "money ¥5 billion" + "</div>" * d,
        lambda d: "<div>" * d + "unclosed ¥5 billion",
        lambda d: "<table><tr><td>" * d + "1,234億円" + "</td></tr></table>" * (d // 2),
        lambda d: "<b><i><u>" * d + "$3 billion",
        lambda d: "<p>" + "<span>" * d + "2兆円" + "</p>",
        lambda d: "<!--" * d + "<p>text</p>",
        lambda d: "<ul>" + "<li><ul>" * d + "x",
    )
    for i in range(n):
        depth = depths[(i // 7) % len(depths)]
        shape = shapes[i % len(shapes)]
        markup = "<!doctype html><html><body>" + shape(depth) + "</body></html>"
        yield BadInput(
            "nested_html", f"nested-{i}-shape{i % len(shapes)}-depth{depth}", markup.encode(), "text/html"
        )


def _long_line(rng: random.Random) -> Iterator[BadInput]:
    mb = 2**20
    words = " ".join(_sentence(rng, "en") for _ in range(40))
    line = (words * (mb // len(words) + 1))[:mb]
    yield BadInput("long_line", "1mb-line-text", line.encode(), "text/plain")
    ja = "".join(_sentence(rng, "ja") for _ in range(40))
    yield BadInput(
        "long_line", "1mb-line-ja", (ja * (mb // len(ja.encode()) + 1)).encode()[:mb], "text/plain"
    )
    yield BadInput("long_line", "1mb-digits", b"1" * mb, "text/plain")
    yield BadInput("long_line", "1mb-one-word", b"a" * mb, "text/plain")
    html = "<html><body><p>" + line + "</p></body></html>"
    yield BadInput("long_line", "1mb-line-html", html.encode(), "text/html")
    yield BadInput("long_line", "1mb-yen-signs", ("¥" * (mb // 2)).encode(), "text/plain")


def _charsets(rng: random.Random, n: int) -> Iterator[BadInput]:
    encodings = ("cp932", "euc_jp", "utf-16-le", "utf-16-be", "latin-1", "utf-8", "iso2022_jp", "gb18030")
    declared = (
        "utf-8",
        "shift_jis",
        "euc-jp",
        "iso-8859-1",
        "utf-16",
        "x-no-such-charset",
        "",
        "windows-1252",
    )
    for i in range(n):
        lang = rng.choice(("ja", "en"))
        page = _page(rng, lang, paragraphs=2)
        enc = rng.choice(encodings)
        body = page.encode(enc, errors="replace")
        if i % 4 == 0:  # two halves in two encodings
            half = len(page) // 2
            body = page[:half].encode(enc, errors="replace") + page[half:].encode(
                rng.choice(encodings), errors="replace"
            )
        if i % 5 == 0:  # a stray BOM of another encoding
            body = rng.choice((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")) + body
        charset = rng.choice(declared)
        ctype = f"text/html; charset={charset}" if charset else "text/html"
        yield BadInput("charset", f"charset-{i}-{enc}-declared-{charset or 'none'}", body, ctype)


def _pdfs(rng: random.Random, n: int) -> Iterator[BadInput]:
    good = _pdf(rng)
    yield BadInput("pdf", "pdf-header-only", b"%PDF-1.7\n", "application/pdf")
    yield BadInput("pdf", "pdf-header-garbage", b"%PDF-1.4\n" + rng.randbytes(5000), "application/pdf")
    yield BadInput("pdf", "pdf-declared-but-html", _page(rng).encode(), "application/pdf")
    yield BadInput(
        "pdf",
        "pdf-huge-length",
        b"%PDF-1.4\n1 0 obj\n<< /Length 99999999999 >>\nstream\nabc\nendstream\nendobj\n"
        b"trailer\n<< /Root 1 0 R >>\n%%EOF",
        "application/pdf",
    )
    yield BadInput(
        "pdf",
        "pdf-self-referencing",
        b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 1 0 R /Kids [1 0 R] >>\nendobj\n"
        b"trailer\n<< /Root 1 0 R >>\n%%EOF",
        "application/pdf",
    )
    for i in range(max(0, n - 5)):
        body = bytearray(good)
        mode = i % 3
        if mode == 0:  # truncated
            body = body[: rng.randint(10, len(body) - 1)]
        elif mode == 1:  # bytes flipped
            for _ in range(rng.randint(1, 60)):
                body[rng.randrange(9, len(body))] = rng.randrange(256)
        else:  # a chunk removed from the middle
            a = rng.randrange(9, len(body) - 2)
            del body[a : a + rng.randint(1, 400)]
        yield BadInput(
            "pdf", f"pdf-broken-{i}-mode{mode}", bytes(body), rng.choice(("application/pdf", None))
        )


def _laughs(levels: int, width: int, root: str) -> str:
    ents = ['<!ENTITY lol0 "lol">']
    for k in range(1, levels):
        ents.append(f'<!ENTITY lol{k} "' + f"&lol{k - 1};" * width + '">')
    return f'<?xml version="1.0"?>\n<!DOCTYPE {root} [\n' + "\n".join(ents) + "\n]>\n"


def _xml_bombs(rng: random.Random, n: int) -> Iterator[BadInput]:
    kinds = []
    for levels, width in ((10, 10), (12, 10), (6, 50)):
        head = _laughs(levels, width, "rss")
        top = f"&lol{levels - 1};"
        kinds.append(
            (
                f"billion-laughs-rss-{levels}x{width}",
                head
                + f'<rss version="2.0"><channel><title>{top}</title><item><title>{top}</title>'
                + f"<link>https://a.example/x</link><description>{top}</description></item></channel></rss>",
            )
        )
    atom = _laughs(10, 10, "feed")
    kinds.append(
        (
            "billion-laughs-atom",
            atom
            + '<feed xmlns="http://www.w3.org/2005/Atom"><title>&lol9;</title><entry><title>&lol9;</title>'
            '<link href="https://a.example/y"/></entry></feed>',
        )
    )
    big = "A" * 100_000
    kinds.append(
        (
            "quadratic-blowup-rss",
            f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "{big}">]><rss version="2.0"><channel>'
            + "<item><title>"
            + "&a;" * 2000
            + "</title></item></channel></rss>",
        )
    )
    kinds.append(
        (
            "xxe-file-rss",
            '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            '<rss version="2.0"><channel><title>&x;</title><item><title>&x;</title></item></channel></rss>',
        )
    )
    kinds.append(
        (
            "xxe-parameter-entity",
            '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY % p SYSTEM "http://127.0.0.1:9/evil.dtd"> %p;]>'
            '<rss version="2.0"><channel><title>t</title></channel></rss>',
        )
    )
    kinds.append(("billion-laughs-html", _laughs(10, 10, "html") + "<html><body><p>&lol9;</p></body></html>"))
    kinds.append(("deep-xml-rss", '<rss version="2.0"><channel>' + "<item>" * 50_000 + "</channel></rss>"))
    kinds.append(("unclosed-rss", '<rss version="2.0"><channel><item><title>¥5 billion'))
    for i in range(n):
        name, text = kinds[i % len(kinds)]
        ctype = ("application/rss+xml", "text/xml", "text/html", None)[(i // len(kinds)) % 4]
        yield BadInput("xml_bomb", f"{name}-{i}", text.encode(), ctype)


def _archive_bombs(rng: random.Random, n: int) -> Iterator[BadInput]:
    zeros = gzip.compress(b"\0" * (64 * 2**20), compresslevel=9)
    html_gz = gzip.compress((_page(rng) * 20_000).encode(), compresslevel=9)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for k in range(4):
            z.writestr(f"part{k}.txt", b"\0" * (16 * 2**20))
    zipped = buf.getvalue()
    nested = gzip.compress(gzip.compress(b"<html>" + b"\0" * (32 * 2**20)))
    bodies = (
        ("gzip-64mb-zeros", zeros),
        ("gzip-html", html_gz),
        ("zip-64mb", zipped),
        ("gzip-in-gzip", nested),
    )
    for i in range(n):
        name, body = bodies[i % len(bodies)]
        ctype = ("text/html", "application/gzip", "text/plain", None)[(i // len(bodies)) % 4]
        yield BadInput("archive_bomb", f"{name}-{i}", body, ctype)


def _control_chars(rng: random.Random, n: int) -> Iterator[BadInput]:
    specials = "\x00\x01\x08\x0b\x0c\x1b\x7f\u200b\u200e\u202e\u2028\u2029\ufeff\ufffd\U0001f4b4\u0301"
    for i in range(n):
        base = " ".join(_sentence(rng, rng.choice(("en", "ja"))) for _ in range(6))
        chars = list(base)
        for _ in range(rng.randint(1, 40)):
            chars.insert(rng.randrange(len(chars) + 1), rng.choice(specials))
        text = "".join(chars)
        if i % 2:
            yield BadInput(
                "control_chars",
                f"control-{i}-html",
                f"<html><body><p>{text}</p></body></html>".encode(),
                "text/html",
            )
        else:
            body = text.encode("utf-8", errors="surrogatepass")
            if i % 4 == 0:
                body += b"\xed\xa0\x80"  # an encoded lone surrogate
            yield BadInput("control_chars", f"control-{i}-text", body, "text/plain")


def _money_text(rng: random.Random, n: int) -> Iterator[BadInput]:
    pieces = (
        lambda: f"¥{'9' * rng.randint(20, 80)} trillion",
        lambda: f"${rng.randint(1, 9)}e{rng.randint(10, 400)} billion",
        lambda: "1" + ",000" * rng.randint(5, 40) + " yen",
        lambda: "兆" * rng.randint(2, 30) + "円",
        lambda: "九" * rng.randint(10, 60) + "兆円",
        lambda: f"{'９' * rng.randint(30, 60)}億円",
        lambda: "$" * rng.randint(2, 50) + "5 billion",
        lambda: f"¥{rng.randint(1, 9)} trillion trillion trillion",
        lambda: f"{rng.randint(1, 9)}.{'5' * rng.randint(20, 200)} billion dollars",
        lambda: f"FY{rng.randint(0, 99999)} ¥{rng.randint(1, 999)} billion",
        lambda: f"令和{rng.randint(0, 9999)}年度 {rng.randint(1, 99)}億円",
        lambda: "(" * rng.randint(10, 500) + "$3 billion" + ")" * rng.randint(0, 500),
        lambda: (
            f"{rng.randint(1, 99)}-{rng.randint(1, 99)}-{rng.randint(1, 99)} to "
            f"{rng.randint(1, 99)} billion euros"
        ),
        lambda: "Rs " + " lakh crore" * rng.randint(2, 20),
        lambda: f"▲{rng.randint(1, 999)}億円 △△△ ▲▲",
        lambda: f"{rng.randint(1, 999)}% " * rng.randint(50, 400),
        lambda: "US$ S$ NT$ HK$ A$ C$ € £ ₩ ₹ 元 " * rng.randint(1, 30),
        lambda: "about about about nearly up to more than " * rng.randint(1, 50) + "$1",
        lambda: "．" * rng.randint(1, 200) + "5兆円",
        lambda: f"{rng.randint(1, 9)},{rng.randint(1, 9)},{rng.randint(1, 9)}." * 200,
    )
    for i in range(n):
        parts = []
        for _ in range(rng.randint(1, 12)):
            parts.append(
                pieces[rng.randrange(len(pieces))]()
                if rng.random() < 0.6
                else _sentence(rng, rng.choice(("en", "ja")))
            )
        text = " ".join(parts)
        yield BadInput("money_text", f"money-{i}", text.encode(), rng.choice(("text/plain", "text/html")))


def bad_inputs(
    seed: int = 0,
    scale: float = 1.0,
    depths: tuple[int, ...] = (100, 1000, 5000),
    long_lines: bool = True,
) -> Iterator[BadInput]:
    """Every family; `scale` 1.0 gives about 1,100 inputs (the suite), larger for the long fuzz run.

    `depths` are the nesting depths of the nested-HTML family (each of its 7 shapes at each depth);
    `long_lines` adds the six 1 MB single-line inputs.
    """
    rng = random.Random(seed)

    def k(x: int) -> int:
        return max(1, round(x * scale))

    yield from _random_bytes(rng, k(200))
    yield from _truncated_html(rng, k(150))
    yield from _nested_html(rng, 7 * len(depths), depths)
    if long_lines:
        yield from _long_line(rng)
    yield from _charsets(rng, k(150))
    yield from _pdfs(rng, k(25))
    yield from _xml_bombs(rng, k(40))
    yield from _archive_bombs(rng, k(8))
    yield from _control_chars(rng, k(150))
    yield from _money_text(rng, k(350))


# ---------------------------------------------------------------------------------------------- harness


def check_one(item: BadInput) -> Outcome:
    """parse_document, then extract_facts on its text; an escaping exception is a crash."""
    from pipelines.lib.documents import parse_document
    from pipelines.lib.extract import extract_facts

    started = time.perf_counter()
    out = Outcome(item.family, item.name, 0.0, n_bytes=len(item.body))
    try:
        doc = parse_document(item.body, content_type=item.content_type, url=item.url)
        out.error = doc.error
        out.n_chars = len(doc.text)
        if doc.error is not None and (not isinstance(doc.error, str) or not doc.error.strip() or doc.text):
            out.crash = f"error recorded badly: error={doc.error!r}, {len(doc.text)} chars of text"
        facts = extract_facts(doc.text, document=item.name, title=doc.title, language=doc.language)
        out.n_facts = len(facts)
        out.bad_spans = sum(1 for f in facts if doc.text[f.start : f.end] != f.as_written)
        # the raw bytes as text too, so extraction sees what the parser would have cleaned away
        raw = item.body[:20_000].decode("utf-8", errors="replace")
        extract_facts(raw, document=item.name + "#raw")
    except Exception:
        out.crash = traceback.format_exc(limit=6)[-2000:]
    out.seconds = time.perf_counter() - started
    return out


def _worker(items: list[BadInput], indexes: list[int], results) -> None:
    for index in indexes:
        results.put((index, "start", None))
        results.put((index, "done", check_one(items[index])))


class _Slot:
    """One child process working through a list of input indexes."""

    def __init__(self, ctx, items: list[BadInput], indexes: list[int]):
        self.ctx, self.items, self.todo = ctx, items, list(indexes)
        self.proc = None
        self.current: int | None = None
        self.began = 0.0

    def start(self) -> None:
        self.results = self.ctx.Queue()
        self.proc = self.ctx.Process(target=_worker, args=(self.items, self.todo, self.results), daemon=True)
        self.proc.start()
        self.current, self.began = None, time.monotonic()

    def stop(self) -> None:
        if self.proc is not None:
            if self.proc.is_alive():
                self.proc.kill()
            self.proc.join()
            self.proc = None


def run_isolated(items: list[BadInput], limit_s: float = 30.0, workers: int = 2) -> list[Outcome]:
    """Run every input in child processes (`workers` of them); an input that takes longer than
    `limit_s` is recorded as a hang, its child killed, and a fresh child goes on with the rest.
    A child that dies (segfault, out of memory) is recorded as a crash of the input it was on."""
    ctx = mp.get_context("fork")
    outcomes: dict[int, Outcome] = {}
    slots = [_Slot(ctx, items, list(range(w, len(items), workers))) for w in range(workers)]
    for slot in slots:
        if slot.todo:
            slot.start()
    while any(slot.proc is not None for slot in slots):
        progressed = False
        for slot in slots:
            if slot.proc is None:
                continue
            try:
                index, event, payload = slot.results.get_nowait()
            except queue.Empty:
                failed = None
                if slot.current is not None and time.monotonic() - slot.began > limit_s:
                    failed = "hang"
                elif not slot.proc.is_alive() and slot.results.empty():
                    failed = "died"
                if failed is None:
                    continue
                if slot.current is None:  # died before starting anything: nothing left to do
                    slot.stop()
                    continue
                item = items[slot.current]
                outcomes[slot.current] = Outcome(
                    item.family,
                    item.name,
                    time.monotonic() - slot.began,
                    hang=failed == "hang",
                    crash=None if failed == "hang" else f"worker died (exit code {slot.proc.exitcode})",
                )
                slot.stop()
                slot.todo = slot.todo[slot.todo.index(slot.current) + 1 :]
                if slot.todo:
                    slot.start()
                continue
            progressed = True
            if event == "start":
                slot.current, slot.began = index, time.monotonic()
            else:
                outcomes[index] = payload
                slot.current = None
                if index == slot.todo[-1]:
                    slot.stop()
        if not progressed:
            time.sleep(0.01)
    return [outcomes[i] for i in sorted(outcomes)]
