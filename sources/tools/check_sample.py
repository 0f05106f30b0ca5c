"""Validate a source catalog and its snapshot mirror (by default the bundled sample pack).

Checks that the YAML follows the catalog format, that every URL maps to a file in the snapshot, that
each file parses as what it claims (HTML with its declared charset, RSS with defusedxml, PDF tables with
pdfplumber), that feed items and index links resolve into the mirror, and that every file in the mirror
is reachable from the catalog. Run from the repository root:

    .venv/bin/python sources/tools/check_sample.py [sources/sample.yaml]

Exits non-zero and lists the problems when anything fails.
"""

import re
import sys
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pdfplumber
import yaml
from bs4 import BeautifulSoup
from defusedxml import ElementTree

from pipelines.lib.sources.catalog import _FIELDS, KINDS, PUBLISHER_TYPES, SCHEDULES

KEYS = set(_FIELDS)
CP932_ALIASES = {"shift_jis", "shift-jis", "sjis", "x-sjis", "windows-31j", "cp932", "ms932"}
META_CHARSET = re.compile(rb"""<meta[^>]+charset=["']?([A-Za-z0-9_\-]+)""", re.IGNORECASE)


def snapshot_file(snapshot: Path, url: str) -> Path:
    """Return the mirror path for `url`: <snapshot>/<host>/<path>, a trailing '/' meaning index.html."""
    parts = urlsplit(url)
    path = parts.path or "/"
    if path.endswith("/"):
        path += "index.html"
    return snapshot / parts.netloc / path.lstrip("/")


def decode_html(data: bytes, override: str | None) -> tuple[str, str]:
    """Decode HTML bytes with the catalog override or the page's own <meta charset> (cp932 for SJIS)."""
    match = META_CHARSET.search(data[:4096])
    declared = (override or (match.group(1).decode() if match else "utf-8")).lower()
    codec = "cp932" if declared in CP932_ALIASES else declared
    return data.decode(codec), declared


def check_html(path: Path, override: str | None, problems: list[str]) -> BeautifulSoup | None:
    """Parse one HTML file; record problems; return the soup."""
    data = path.read_bytes()
    try:
        text, declared = decode_html(data, override)
    except (UnicodeDecodeError, LookupError) as exc:
        problems.append(f"{path}: cannot decode: {exc}")
        return None
    if declared in CP932_ALIASES:
        try:
            data.decode("shift_jis")
            problems.append(f"{path}: decodes with strict shift_jis (expected CP932-only characters)")
        except UnicodeDecodeError:
            pass
    soup = BeautifulSoup(text, "lxml")
    if not soup.title or not soup.title.get_text(strip=True):
        problems.append(f"{path}: no <title>")
    if "\ufffd" in text:
        problems.append(f"{path}: replacement characters after decoding")
    if "budgetwatch" not in text:
        problems.append(f"{path}: no comment saying it is a sample written for budgetwatch")
    return soup


def check_feed(snapshot: Path, path: Path, problems: list[str]) -> list[str]:
    """Parse an RSS 2.0 feed; return its item links."""
    root = ElementTree.fromstring(path.read_bytes())
    if root.tag != "rss" or root.get("version") != "2.0":
        problems.append(f"{path}: not RSS 2.0")
    links = []
    for item in root.iter("item"):
        link = (item.findtext("link") or "").strip()
        try:
            parsedate_to_datetime(item.findtext("pubDate") or "")
        except (TypeError, ValueError):
            problems.append(f"{path}: item {link} has no RFC 822 pubDate")
        if not snapshot_file(snapshot, link).is_file():
            problems.append(f"{path}: item link {link} is not in the snapshot")
        links.append(link)
    if len(links) < 4:
        problems.append(f"{path}: fewer than four items")
    return links


def check_pdf(path: Path, problems: list[str]) -> None:
    """Open a PDF and require at least one table found by pdfplumber."""
    with pdfplumber.open(path) as pdf:
        tables = [table for page in pdf.pages for table in page.extract_tables()]
    if not tables or len(tables[0]) < 3:
        problems.append(f"{path}: pdfplumber finds no table")


def check_entry(entry: dict, seen: set[str], problems: list[str]) -> None:
    """Check one catalog entry against the format."""
    sid = entry.get("id", "?")
    if set(entry) != KEYS:
        problems.append(f"{sid}: keys differ from the format: {sorted(set(entry) ^ KEYS)}")
    if not re.fullmatch(r"[a-z0-9-]+", str(sid)) or sid in seen:
        problems.append(f"{sid}: id must be unique and match [a-z0-9-]+")
    seen.add(sid)
    if entry.get("kind") not in KINDS:
        problems.append(f"{sid}: bad kind {entry.get('kind')}")
    if entry.get("kind") == "folder":
        if not entry.get("path") or entry.get("url"):
            problems.append(f"{sid}: a folder needs path and no url")
    elif not str(entry.get("url") or "").startswith(("http://", "https://")) or entry.get("path"):
        problems.append(f"{sid}: needs an http(s) url and no path")
    if not re.fullmatch(r"[a-z]{2}", str(entry.get("language"))):
        problems.append(f"{sid}: language must be ISO 639-1")
    if entry.get("publisher_type") not in PUBLISHER_TYPES:
        problems.append(f"{sid}: bad publisher_type")
    rate = entry.get("rate_limit")
    if not isinstance(rate, int | float) or isinstance(rate, bool) or rate <= 0:
        problems.append(f"{sid}: rate_limit must be a number > 0")
    pages = entry.get("max_pages")
    if not isinstance(pages, int) or isinstance(pages, bool) or pages < 1:
        problems.append(f"{sid}: max_pages must be an int >= 1")
    if entry.get("schedule") not in SCHEDULES:
        problems.append(f"{sid}: bad schedule")
    if entry.get("kind") == "index" and not entry.get("link_pattern"):
        problems.append(f"{sid}: an index needs link_pattern")
    if entry.get("link_pattern"):
        re.compile(entry["link_pattern"])
    if not isinstance(entry.get("allow_private"), bool):
        problems.append(f"{sid}: allow_private must be a boolean")


def check_catalog(catalog_path: Path) -> list[str]:
    """Return the list of problems found in the catalog and its snapshot mirror."""
    problems: list[str] = []
    catalog = yaml.safe_load(catalog_path.read_text(encoding="utf-8"))
    if catalog.get("version") != 1 or not catalog.get("name") or not catalog.get("sources"):
        problems.append("catalog needs version: 1, a name and sources")
    snapshot = catalog_path.parent / catalog["snapshot_dir"]
    reached: set[Path] = set()
    seen: set[str] = set()
    for entry in catalog["sources"]:
        check_entry(entry, seen, problems)
        kind = entry["kind"]
        if kind == "folder":
            folder = catalog_path.parent / entry["path"]
            texts = sorted(folder.glob("*.txt"))
            if not texts:
                problems.append(f"{entry['id']}: no .txt in {folder}")
            reached.update(p.resolve() for p in folder.iterdir() if p.is_file())
            continue
        path = snapshot_file(snapshot, entry["url"])
        if not path.is_file():
            problems.append(f"{entry['id']}: {entry['url']} is not in the snapshot ({path})")
            continue
        reached.add(path.resolve())
        if kind == "feed":
            for link in check_feed(snapshot, path, problems):
                reached.add(snapshot_file(snapshot, link).resolve())
        elif kind == "pdf":
            check_pdf(path, problems)
        else:
            soup = check_html(path, entry.get("charset"), problems)
            if kind == "index" and soup is not None:
                pattern = re.compile(entry["link_pattern"])
                links = {urljoin(entry["url"], a["href"]) for a in soup.find_all("a", href=True)}
                followed = sorted(link for link in links if pattern.search(link))
                if not followed:
                    problems.append(f"{entry['id']}: link_pattern matches no link")
                for link in followed:
                    target = snapshot_file(snapshot, link)
                    if not target.is_file():
                        problems.append(f"{entry['id']}: followed link {link} is not in the snapshot")
                    reached.add(target.resolve())
    for target in sorted(reached):
        if target.suffix in {".html", ".htm"} and target.is_file():
            check_html(target, None, problems)
    for path in sorted(p for p in snapshot.rglob("*") if p.is_file()):
        if path.resolve() not in reached:
            problems.append(f"{path}: not reachable from the catalog")
    return problems


def main(argv: list[str]) -> int:
    """Check the catalog named on the command line (default sources/sample.yaml)."""
    catalog_path = Path(argv[1] if len(argv) > 1 else Path(__file__).resolve().parent.parent / "sample.yaml")
    problems = check_catalog(catalog_path)
    for problem in problems:
        print(problem)
    snapshot = catalog_path.parent / yaml.safe_load(catalog_path.read_text(encoding="utf-8"))["snapshot_dir"]
    files = sum(1 for p in snapshot.rglob("*") if p.is_file())
    print(f"{catalog_path}: {files} files, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
