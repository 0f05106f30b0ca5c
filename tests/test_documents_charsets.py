"""Decoding Japanese bodies: CP932 for declared Shift_JIS, EUC-JP, ISO-2022-JP, BOMs, no guessing."""

from __future__ import annotations

import pytest

from pipelines.lib.documents import parse_document
from pipelines.lib.documents.charsets import decode_body, normalize_charset

SENTENCE = "①髙田製作所の新工場に1兆2390億円を支援。"


@pytest.mark.parametrize(
    "label", ["shift_jis", "Shift_JIS", "sjis", "x-sjis", "windows-31j", "MS932", "cp932"]
)
def test_declared_shift_jis_decodes_as_cp932(label):
    assert normalize_charset(label) == "cp932"
    text, codec = decode_body(SENTENCE.encode("cp932"), content_type=f"text/html; charset={label}")
    assert (text, codec) == (SENTENCE, "cp932")


def test_stdlib_shift_jis_would_fail_on_these_characters():
    with pytest.raises(UnicodeEncodeError):
        SENTENCE.encode("shift_jis")


def test_meta_charset_is_a_declaration():
    page = f'<html><head><meta charset="Shift_JIS"></head><body><p>{SENTENCE}</p></body></html>'
    doc = parse_document(page.encode("cp932"), content_type="text/html")
    assert "1兆2390億円" in doc.text
    assert "①髙田製作所" in doc.text


def test_catalog_override_beats_a_wrong_header():
    text, codec = decode_body(
        SENTENCE.encode("cp932"), declared_charset="sjis", content_type="text/html; charset=utf-8"
    )
    assert codec == "cp932" and text == SENTENCE


@pytest.mark.parametrize(
    ("encoding", "expected_codec"),
    [("utf-8", "utf-8"), ("cp932", "cp932"), ("euc_jp", "euc_jp")],
)
def test_undeclared_tries_utf8_then_cp932_then_euc_jp(encoding, expected_codec):
    sample = "経済産業省の予算案、半導体に1兆2390億円を計上する方針を固めた。" * 3
    text, codec = decode_body(sample.encode(encoding))
    assert codec == expected_codec
    assert text == sample


def test_declared_euc_jp_and_iso_2022_jp():
    sample = "予算案で4850億円を確保"
    assert decode_body(sample.encode("euc_jp"), content_type="text/html; charset=EUC-JP")[0] == sample
    assert (
        decode_body(sample.encode("iso2022_jp"), content_type="text/plain; charset=ISO-2022-JP")[0] == sample
    )


@pytest.mark.parametrize("codec", ["utf-8-sig", "utf-16"])
def test_bom_wins(codec):
    sample = "予算 5兆円"
    text, _ = decode_body(sample.encode(codec), content_type="text/html; charset=shift_jis")
    assert text == sample


def test_never_guesses_gb18030():
    # bytes that are valid in no Japanese codec: replacement characters, never a Chinese decode
    body = bytes(range(0x80, 0x100)) * 4
    text, codec = decode_body(body)
    assert codec == "utf-8"
    assert "\ufffd" in text


def test_undeclared_iso_2022_jp_is_recognised_by_its_escapes():
    sample = "補正予算で1兆5000億円超を計上"
    assert decode_body(sample.encode("iso2022_jp")) == (sample, "iso2022_jp")
