"""Sector keywords (English and Japanese) and the rule that picks one sector for a figure.

A figure takes the sector named nearest to it in its clause, then in its sentence, then the
sector of its recipient, then the document's dominant sector. It is `mixed` when its clause
coordinates two or more sectors ("chips and AI", 半導体・AI, "semiconductor, AI and other
industries").
"""

from __future__ import annotations

import re

_SECTOR_WORDS: dict[str, tuple[str, ...]] = {
    "semiconductors": (
        "semiconductor",
        "semiconductors",
        "chip",
        "chips",
        "chipmaker",
        "chipmakers",
        "chipmaking",
        "microchip",
        "microchips",
        "foundry",
        "fab",
        "fabs",
        "wafer",
        "wafers",
        "DRAM",
        "NAND",
        "memory chips",
        "AI chips",
        "AI chip",
        "AI semiconductors",
        "AI processors",
        "AI半導体",
        "photonics",
        "CHIPS",
        "Chips Act",
        "CHIPS Act",
        "半導体",
        "次世代半導体",
        "先端半導体",
        "ファウンドリー",
        "工場",
        "DRAM",
        "パワー半導体",
    ),
    "ai": (
        "AI",
        "artificial intelligence",
        "generative AI",
        "large language model",
        "large language models",
        "sovereign AI",
        "AI computing",
        "computing center",
        "computing centre",
        "GPU",
        "GPUs",
        "compute",
        "supercomputer",
        "data center",
        "data centers",
        "data centre",
        "data centres",
        "人工知能",
        "生成AI",
        "ＡＩ",
        "データセンター",
        "計算資源",
        "スパコン",
        "基盤モデル",
        "GPUサーバー",
        "AIスパコン",
        "生成ＡＩ",
        "AI compute",
        "computing power",
        "cloud computing",
    ),
    "decarbonization": (
        "decarbonization",
        "decarbonisation",
        "carbon neutral",
        "carbon neutrality",
        "net zero",
        "clean energy",
        "green transformation",
        "GX",
        "climate",
        "emissions",
        "hydrogen",
        "renewable",
        "renewables",
        "clean energy technology",
        "脱炭素",
        "カーボンニュートラル",
        "グリーントランスフォーメーション",
        "温室効果ガス",
        "水素",
        "再生可能エネルギー",
        "再エネ",
        "GX経済移行債",
        "移行債",
        "solar",
        "solar power",
        "solar cell",
        "solar cells",
        "solar panels",
        "perovskite",
        "perovskite solar cells",
        "wind power",
        "offshore wind",
        "floating offshore wind",
        "ammonia",
        "carbon capture",
        "CCS",
        "CCUS",
        "electrolyser",
        "electrolysers",
        "electrolyzer",
        "electrolyzers",
        "Green Innovation Fund",
        "green hydrogen",
        "太陽電池",
        "太陽光",
        "太陽光発電",
        "ペロブスカイト",
        "洋上風力",
        "風力",
        "アンモニア",
        "二酸化炭素回収",
        "水電解",
        "グリーンイノベーション基金",
        "GI基金",
        "気候変動",
    ),
    "nuclear": (
        "nuclear",
        "reactor",
        "reactors",
        "fusion",
        "nuclear power",
        "原子力",
        "原発",
        "原子炉",
        "革新炉",
        "次世代革新炉",
        "高速炉",
        "高温ガス炉",
        "実験炉",
        "実証炉",
        "研究炉",
        "廃炉",
        "核燃料",
        "核燃料サイクル",
        "核融合",
        "再処理",
        "放射性",
        "汚染水",
    ),
    "energy": (
        "energy",
        "power grid",
        "grid",
        "grids",
        "transmission",
        "battery",
        "batteries",
        "lithium-ion battery",
        "lithium-ion batteries",
        "蓄電池",
        "リチウムイオン電池",
        "electricity",
        "LNG",
        "oil",
        "gas",
        "power",
        "エネルギー",
        "電力",
        "送電網",
        "石油",
        "天然ガス",
        "エネルギー対策特別会計",
    ),
    "critical_minerals": (
        "critical minerals",
        "critical mineral",
        "rare earth",
        "rare earths",
        "rare earth elements",
        "lithium",
        "cobalt",
        "nickel",
        "copper",
        "graphite",
        "mining",
        "minerals",
        "mineral",
        "重要鉱物",
        "レアアース",
        "レアメタル",
        "鉱物資源",
        "リチウム",
        "battery recycling",
        "battery recycler",
        "電池リサイクル",
    ),
    "export_insurance": (
        "export insurance",
        "export credit",
        "trade insurance",
        "貿易保険",
        "輸出保険",
    ),
    "science": (
        "research infrastructure",
        "science",
        "accelerator",
        "quantum",
        "quantum computing",
        "quantum computer",
        "quantum computers",
        "exascale",
        "exascale supercomputer",
        "研究基盤",
        "加速器",
        "量子",
        "量子コンピューター",
        "量子コンピュータ",
    ),
    "infrastructure": (
        "airport",
        "port",
        "ports",
        "railway",
        "highway",
        "roads",
        "aviation",
        "infrastructure",
        "空港",
        "港湾",
        "鉄道",
        "道路",
    ),
    "enterprise_finance": (
        "private credit",
        "private credit fund",
        "SME",
        "SMEs",
        "small businesses",
        "local enterprises",
        "startup support",
        "support for startups",
        "startup fund",
        "中小企業",
        "スタートアップ支援",
        "スタートアップ育成",
    ),
}

# Words whose sector vote is weak: they also occur in other contexts ("energy-efficient").
WEAK = frozenset(
    {
        "energy",
        "power",
        "gas",
        "oil",
        "infrastructure",
        "port",
        "ports",
        "港湾",
        "science",
        "market",
        "工場",
        "mining",
        "climate",
        "fab",
    }
)
# A sector named right before another sector word modifies it ("AI chips" are chips).
_COORD = re.compile(r"^\s*(?:,|、|・|/|&|and|or|及び|および|や|と|，)\s*(?:and\s+)?$")


# whole-government lines that belong to no sector: a figure whose sentence names one and no sector
# word does not take the document's sector
# (一般会計|社会保障|国債費|地方交付税|防衛費|general account|social security|debt service|pensions?\b|
# defen[cs]e spending, ignoring case), led by a class of the possible first characters (ſ is an s to
# re.I) so that `re` skips other positions in C; each branch checks its first character with a look-behind
_NON_SECTOR_LINE = re.compile(
    r"[一社国地防gGsSſdDpP](?:(?<=一)般会計|(?<=社)会保障|(?<=国)債費|(?<=地)方交付税|(?<=防)衛費|"
    r"(?<=[gG])(?i:eneral account)|(?<=[sSſ])(?i:ocial security)|(?<=[dD])(?i:ebt service)|"
    r"(?<=[pP])(?i:ensions?\b)|(?<=[dD])(?i:efen[cs]e spending))"
)


def names_non_sector_line(sentence: str) -> bool:
    """True when a sentence names a whole-government budget line (general account, social security)."""
    return _NON_SECTOR_LINE.search(sentence) is not None


def vocabulary() -> list[tuple[str, tuple]]:
    """(phrase, ("sector", sector, weak)) pairs."""
    out = []
    for sector, words in _SECTOR_WORDS.items():
        for w in words:
            out.append((w, ("sector", sector, w in WEAK)))
    return out


_ALL_WORDS = frozenset(w.lower() for words in _SECTOR_WORDS.values() for w in words)


def is_sector_word(phrase: str) -> bool:
    """Whether a phrase is only a sector word ("semiconductors", "AI chips"): a field, not a name."""
    return phrase.strip().lower() in _ALL_WORDS


def coordinated(text: str, a_end: int, b_start: int) -> bool:
    """True when the text between two sector words joins them as a list (and, 、, ・, /)."""
    if b_start - a_end > 40:
        return False
    between = text[a_end:b_start]
    between = re.sub(r"[（(][^）)]*[）)]", "", between)
    return bool(_COORD.match(between))
