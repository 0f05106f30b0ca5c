"""Japanese recipient phrases in English (pipelines/lib/extract/gloss.py).

The phrases are written for these tests (not taken from any corpus).
"""

from __future__ import annotations

import csv

import pytest

from pipelines.lib.extract import extract_facts
from pipelines.lib.extract.entities import default_table
from pipelines.lib.extract.gloss import GLOSSARY_CSV, GLOSSARY_KINDS, Glossary, english_gloss
from pipelines.lib.extract.recipients import recipient_name

# --- the shipped vocabulary --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ja", "en"),
    [
        (
            "蓄電池や重要鉱物のサプライチェーン強靭化",
            "storage battery and critical minerals supply chain resilience",
        ),
        (
            "次世代半導体の量産技術の確立",
            "next-generation semiconductor mass production technology establishment",
        ),
        ("半導体・AI・量子", "semiconductor, AI and quantum"),
        ("洋上風力及び地熱の導入", "offshore wind and geothermal deployment"),
        # purpose and means: "Y for X", "Y using X"
        (
            "カーボンニュートラルの実現に向けた水素の研究開発",
            "hydrogen R&D for carbon neutrality realisation",
        ),
        ("スタートアップ向けの実証支援", "demonstration support for startup"),
        ("研究炉を活用した原子力人材の育成", "nuclear human resources development using research reactor"),
        # relative clauses before the head noun are dropped
        ("地域の要請に応える小型炉の開発事業", "small reactor development"),
        ("水素製造が可能な高温ガス炉の実証", "high-temperature gas-cooled reactor demonstration"),
        ("故郷を守るための蓄電池の導入", "storage battery deployment"),
        # wrappers go when something remains, suffixes stay
        ("量子技術の推進", "quantum technology"),
        ("推進", "promotion"),
        ("半導体関連予算", "semiconductor-related budget"),
        ("データセンター関連経費", "data centre"),
        ("データセンター関連の整備", "data centre-related development"),
        ("核融合等の研究", "fusion research"),
        # years, brackets, full-width Latin
        ("令和6年度補正予算", "FY2024 supplementary budget"),
        ("25年度当初予算", "FY2025 initial budget"),
        ("人工知能（AI）の研究開発", "AI R&D"),
        ("高温ガス炉（ＨＴＧＲ）の設計", "high-temperature gas-cooled reactor (HTGR) design"),
        ("ＧＸ関連の実証", "GX-related demonstration"),
        ("「ポスト５Ｇ」の研究開発", "post-5G R&D"),
        # names of the alias table render as their canonical names
        ("ラピダスの新工場", "Rapidus new plant"),
        ("日本原子力研究開発機構の廃止措置", "JAEA decommissioning"),
        ("資源エネルギー庁の委託費", "ANRE commissioned work"),
    ],
)
def test_phrase_is_glossed(ja, en):
    assert english_gloss(ja) == en


@pytest.mark.parametrize(
    "ja",
    [
        "観光の振興",  # 観光 is not in the glossary
        "都市の再開発",  # nor 都市 or 再開発
        "観光振興に向けた蓄電池導入",  # a purpose must be glossed in full
        "量子技術に",  # a case particle with no predicate
        "地域を支える",  # a predicate with no head noun after it
        "ふるさと納税",
    ],
)
def test_phrase_with_anything_unknown_is_not_glossed(ja):
    assert english_gloss(ja) is None


def test_english_is_not_glossed():
    assert english_gloss("Future Energy Fund") is None


# --- the grammar with a small vocabulary ---------------------------------------------------------


@pytest.fixture
def tiny(tmp_path):
    path = tmp_path / "g.csv"
    path.write_text(
        "ja,en,kind,note\n犬,dog,term,\n猫,cat,term,\n小屋,house,term,\n事業,programme,wrapper,\n等,,drop,\n",
        encoding="utf-8",
    )
    return Glossary.from_csv(path, extra={"ポチ": "Pochi"})


def test_grammar_noun_compounds_lists_and_wrappers(tiny):
    assert tiny.english("犬の小屋") == "dog house"
    assert tiny.english("犬や猫の小屋事業") == "dog and cat house"
    assert tiny.english("犬、猫及び小屋") == "dog, cat and house"
    assert tiny.english("犬又は猫") == "dog or cat"
    assert tiny.english("犬等") == "dog"
    assert tiny.english("事業") == "programme"
    assert tiny.english("ポチの小屋") == "Pochi house"


def test_grammar_clauses(tiny):
    assert tiny.english("犬のための小屋") == "house for dog"
    assert tiny.english("猫を見守る犬の小屋") == "dog house"  # 見守る: a clause, dropped unread
    assert tiny.english("犬と猫に優しい小屋") == "house"
    assert tiny.english("犬や、猫に優しい小屋") == "dog and house"
    assert tiny.english("猫を守るための小屋") == "house"
    assert tiny.english("犬の小屋を守る") is None
    assert tiny.english("犬の鳥小屋") is None


def test_an_unknown_kind_in_the_glossary_is_an_error(tmp_path):
    path = tmp_path / "g.csv"
    path.write_text("ja,en,kind,note\n犬,dog,animal,\n", encoding="utf-8")
    with pytest.raises(ValueError):
        Glossary.from_csv(path)


# --- the data file ------------------------------------------------------------------------------


def test_glossary_file_is_well_formed_and_leaves_organisations_to_the_alias_table():
    with open(GLOSSARY_CSV, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) >= 500
    japanese = [r["ja"] for r in rows]
    assert len(japanese) == len(set(japanese))
    assert all(r["kind"] in GLOSSARY_KINDS for r in rows)
    assert all(r["en"] or r["kind"] == "drop" for r in rows)
    organisations = {alias for e in default_table().entities if e.type == "agency" for alias in e.aliases}
    assert not organisations & set(japanese)


# --- where recipients are chosen ----------------------------------------------------------------


def test_recipient_name_keeps_entities_and_unknown_phrases():
    rapidus = default_table().by_name["Rapidus"]
    assert recipient_name("Rapidus", rapidus, "ja") == "Rapidus"
    assert recipient_name("観光の振興", None, "ja") == "観光の振興"
    assert recipient_name("量子技術の推進", None, "ja") == "quantum technology"
    assert recipient_name("Future Energy Fund", None, "en") == "Future Energy Fund"
    assert recipient_name(None, None, "ja") is None


_TAIL = "同省によると、大学や企業などと協力して開発を進めるという。"


def test_facts_give_japanese_recipients_in_english_or_unchanged():
    glossed = extract_facts(
        "経済産業省は、蓄電池や重要鉱物のサプライチェーン強靭化に50億円を計上した。" + _TAIL, document="t"
    )
    assert glossed[0].recipient == "storage battery and critical minerals supply chain resilience"
    kept = extract_facts("経済産業省は、観光の振興に40億円を計上した。" + _TAIL, document="t")
    assert kept[0].recipient == "観光の振興"
    named = extract_facts("経済産業省は、ラピダスの新工場の建設に30億円を計上した。" + _TAIL, document="t")
    assert named[0].recipient == "Rapidus"
