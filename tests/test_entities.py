"""The alias table that ships with the product (pipelines/data/entities.csv)."""

import csv

import pytest

from pipelines.lib.extract.entities import ENTITIES_CSV, ENTITY_TYPES, EntityTable, default_table
from pipelines.lib.model import SECTORS


@pytest.mark.parametrize(
    ("alias", "canonical"),
    [
        ("Rapidus", "Rapidus"),
        ("ラピダス", "Rapidus"),
        ("日本貿易保険", "NEXI"),
        ("Nippon Export and Investment Insurance", "NEXI"),
        ("経済産業省", "METI"),
        ("経産省", "METI"),
        ("the industry ministry", "METI"),
        ("Ministry of Economy, Trade and Industry", "METI"),
        ("文部科学省", "MEXT"),
        ("財務省", "MOF"),
        ("JASM", "TSMC"),
        ("台湾積体電路製造", "TSMC"),
        ("Samsung Electronics", "Samsung"),
        ("SK hynix", "SK hynix"),
        ("the US Commerce Department", "Department of Commerce"),
        ("Department of Commerce", "Department of Commerce"),
        ("European Commission", "European Commission"),
        ("Tokyo", "Japan"),
        ("Washington", "United States"),
        ("Berlin", "Germany"),
        ("German", "Germany"),
        ("Seoul", "South Korea"),
        ("New Delhi", "India"),
        ("Ottawa", "Canada"),
        ("Taipei", "Taiwan"),
        ("Beijing", "China"),
        ("さくらインターネット", "SAKURA internet"),
        ("ＫＤＤＩ", "KDDI"),
        ("住友金属鉱山", "Sumitomo Metal Mining"),
        ("JX金属", "JX Advanced Metals"),
        ("パナソニックエナジー", "Panasonic"),
        ("GI基金", "Green Innovation Fund"),
        ("グリーンイノベーション(GI)基金", "Green Innovation Fund"),
        ("脱炭素化支援機構", "JICN"),
        ("Redwood Materials", "Redwood Materials"),
        ("Korea Development Bank", "Korea Development Bank"),
    ],
)
def test_aliases_resolve(alias, canonical):
    entity = default_table().resolve(alias)
    assert entity is not None and entity.canonical == canonical


def test_aliases_are_found_in_running_text_with_offsets():
    text = "経済産業省は、ラピダスとMicron Technologyへの補助を決めた。The US Department of Commerce agreed."
    found = [(text[s:e], ent.canonical, ent.type) for s, e, ent in default_table().find(text)]
    assert ("経済産業省", "METI", "agency") in found
    assert ("ラピダス", "Rapidus", "recipient") in found
    assert ("Micron Technology", "Micron", "recipient") in found
    assert ("US Department of Commerce", "Department of Commerce", "agency") in found


def test_latin_aliases_need_word_boundaries():
    table = default_table()
    assert not table.find("Intelligence and arms")  # neither Intel nor Arm
    assert [e.canonical for _, _, e in table.find("Intel and Arm")] == ["Intel", "Arm"]


def test_canonical_names_of_a_description():
    table = default_table()
    assert table.canonical_names("TSMC Kumamoto Plant 2 (JASM)") == {"TSMC"}
    assert table.canonical_names("Samsung Electronics (Taylor & Austin, Texas)") == {"Samsung"}
    assert table.canonical_names("a new national facility") == set()


def test_table_is_well_formed():
    with open(ENTITIES_CSV, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    names = [r["canonical"] for r in rows]
    assert len(names) == len(set(names))
    assert {r["type"] for r in rows} <= set(ENTITY_TYPES)
    assert {r["role"] for r in rows} <= {"", "programme"}
    assert {r["sector"] for r in rows} - {""} <= set(SECTORS)  # the facts contract's vocabulary
    assert default_table().resolve("CHIPS and Science Act").type == "programme"
    # every alias leads back to its own row unless a longer alias of another row contains it
    table = default_table()
    for entity in table.entities:
        for alias in entity.aliases:
            resolved = table.resolve(alias)
            assert resolved is not None, alias


def test_a_sector_outside_the_vocabulary_is_refused(tmp_path):
    bad = tmp_path / "entities.csv"
    bad.write_text(
        "canonical,type,country,sector,aliases,role\nHydroCo,recipient,Japan,hydrogen,HydroCo,\n",
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match="unknown sector 'hydrogen'"):
        EntityTable.from_csv(bad)
