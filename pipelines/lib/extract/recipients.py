"""The noun phrase a figure is "for": English `for X` / `to X` / `X fund`, Japanese `Xに` / `X向け`.

Used when no entity of the alias table names the recipient. The phrase is trimmed to at most
eight words (English) or the span back to the previous particle or punctuation (Japanese), and
a quoted 「term」 inside a Japanese phrase is preferred to the whole phrase.
"""

from __future__ import annotations

import re

from pipelines.lib.extract.gloss import english_gloss
from pipelines.lib.extract.sectors import is_sector_word

_EN_AFTER = re.compile(
    r"^\s*(?:[（(][^）)]{0,60}[）)]\s*)?(?:(?:by|in|through|until|over)\s+(?:20\d\d|the\s+end\s+of\s+\w+|"
    r"the\s+next\s+\w+\s+years?)\s+|(?:this|next|each|every|a)\s+(?:fiscal\s+)?year\s+|annually\s+)?"
    r"(?:(?:in|of)\s+(?:[\w'’-]+\s+){0,3}?)?"
    r"(?:(?:(?:conditional|final|preliminary|direct|federal|additional)\s+)?"
    r"(?:outlay|budget|allocation|funding|financing|investment|grants?|subsid(?:y|ies)|support|package|fund|"
    r"(?:loan\s+)?guarantees?|loans?|aid|incentives?|contracts?|commitment|award|equity\s+stake)\s+)?"
    r"(?:(?:(?:will|would|is|are|was|were|has\s+been|have\s+been|to\s+be)\s+(?:be\s+)?)?"
    r"(?:already\s+|previously\s+|also\s+)?(?:allocated|allotted|earmarked|used|spent|given|provided|set\s+aside|invested|"
    r"go|goes|went|flow|flows|"
    r"directed|channell?ed|awarded|granted|paid|approved|committed|pledged|announced)\s+)?"
    r"(?P<prep>for|to|towards?|in|on)\s+(?P<verb>(?:invest|spend|be\s+spent|be\s+used|be\s+invested)\s+(?:in|on)\s+|"
    r"(?:[a-z]+\s+){1,3}?(?=(?:the|a|an|its|their)\s))?(?P<det>the\s+|a\s+|an\s+|its\s+|their\s+|his\s+|her\s+)?"
    r"(?P<np>[^,.;:()（）\n]{2,120})"
)
_MONTH_NAMES = "(?i:january|february|march|april|may|june|july|august|september|october|november|december)"
_EN_STOP = re.compile(
    r"\s(?:to|by|as|from|under|through|while|with|which|that|who|over|after|before|on|at|if|between|"
    r"until|till|since|during|when|where|because|once|unless|including|such\s+as|"
    r"(?:this|last|next)\s+(?:year|month|week|quarter|spring|summer|autumn|fall|winter|"
    + _MONTH_NAMES
    + r")|"
    r"will|would|is|are|was|were|has|have|had|said|says|"
    r"in\s+(?:the\s+)?(?:next|coming|current|fiscal|financial|budget|year|years|\d+|FY\s?\d+|"
    + _MONTH_NAMES
    + r"))\b|"
    r"\s+(?:and|or)\s+(?:the|a|an|its|to|will|is|are|has|have|another|other)\b|[\"“”]|"
    r"\s+(?:and\s+|plus\s+)?(?:(?:about|around|roughly|nearly|some|almost|up\s+to|another|a\s+further)\s+)?"
    r"(?:Rs\.?|R\$|US\$|S\$|NT\$|[$€£¥₹]|\d)"
)
_EN_HEAD = re.compile(
    r"^\s*(?!(?:since|after|before|when|while|until|as|because|if|than|once|unless|though|although)\b)"
    r"(?P<np>(?!to\s+fund\b)(?:(?:for|to|of|on)\s+(?:the|a|an|its|their)\s+)?"
    r"(?:(?!(?:in|to|of|for|on|at|by|with|from|the|a|an|its|their|and|or)\s)[a-z][\w-]*\s+){0,4}?"
    r"(?:fund|facility|programme|program|scheme|project|plan|"
    r"initiative|centre|center|mission|hub|cluster|institute|lab|laboratory|line|item|tranche|injection))\b"
    r"(?P<purpose>\s+(?:for|to)\s+(?:the\s+|a\s+|an\s+)?[^,.;:()\n$€£¥]{3,60})?"
)
_EN_BEFORE = re.compile(
    r"(?:top(?:s|ped|ping)?\s+up|boost(?:s|ed|ing)?|increas(?:e|es|ed|ing)|rais(?:e|es|ed|ing)|expand(?:s|ed|ing)?)\s+"
    r"(?:the\s+|its\s+|a\s+)?(?P<np>[A-Za-z][^,.;:()\n$€£¥]{2,80}?)\s+by\s+(?:about\s+|around\s+|roughly\s+)?$"
)
_NOT_A_RECIPIENT = re.compile(
    r"(?i:FY\s?\d|\d|fiscal\b|the\s+fiscal|financial\s+year|next\b|this\b|last\b|each\b|every\b|year\b|years\b|"
    r"be\b|date\b|now\b|it\b|them\b|monday|tuesday|wednesday|thursday|friday|saturday|sunday|average\b|top\b)|"
    + _MONTH_NAMES
    + r"\b"
)
# "the project", "the plant": a pointer back to something named earlier, not a name
_ANAPHOR = re.compile(
    r"(?i:(?:the\s+|this\s+|that\s+|its\s+)?(?:project|projects|plan|plans|programme|program|scheme|company|"
    r"firm|plant|plants|fab|fabs|facility|facilities|site|venture|deal|move|measure|initiative|effort|purpose)$)"
)
_WHICH_PROVIDES = re.compile(
    r"(?:the\s+)?(?P<np>[A-Z][\w-]*(?:\s+(?:[A-Z][\w-]*|of|for|and|the|on|in|to))*\s+[A-Z][\w-]*)\s*,\s*which\s+"
    r"(?:will\s+|would\s+|is\s+to\s+)?(?:provide|provides|offer|offers|give|gives|allocate|allocates|include|includes|"
    r"fund|funds|support|supports)\s+(?:[\w-]+\s+){0,3}$"
)
# "the Future Energy Fund (S$5 billion)": a figure in brackets gives the size of the budget or
# programme named just before it
_SIZED = re.compile(
    r"(?<![\w'’&-])(?P<np>(?:[\w'’&-]+\s+){0,5}?(?i:budget|fund|programme|program|scheme|package|plan|initiative|facility|"
    r"project|mission|account|act|allocation|outlay|grant|subsidy|loan|bond)s?)\s*[（(]\s*"
    r"(?i:about\s+|around\s+|approximately\s+|nearly\s+|some\s+|up\s+to\s+)?$"
)
_FISCAL_YEAR_WORDS = re.compile(r"\b(20\d\d)\s+(?:fiscal|financial)\s+year\b", re.I)


_BUDGET_HEAD = re.compile(
    r"(?i:\b(?:budget|fund|programme|program|scheme|package|plan|initiative|mission|account|act)s?)$"
)


def names_a_budget(np: str) -> bool:
    """Whether a phrase names a budget or programme ("FY2022 supplementary budget") rather than a
    purpose ("to boost manufacturing")."""
    return _BUDGET_HEAD.search(np.strip()) is not None and not _ANAPHOR.match(np.strip())


def _bracketed_name(np: str) -> str | None:
    """The name before a bracketed figure, from its head noun back to the first word that is not part
    of a name ("than that in the 2022 fiscal year supplementary budget" -> "FY2022 supplementary budget")."""
    words = np.split()
    keep: list[str] = []
    for w in reversed(words):
        if w.lower() in _NOT_IN_NAME:
            break
        keep.insert(0, w)
    if not keep or (len(keep) == 1 and not keep[0][:1].isupper()):
        return None  # "the fund (…)": a pointer back, not a name
    return _FISCAL_YEAR_WORDS.sub(r"FY\1", " ".join(keep))


_PURPOSE = re.compile(
    r"[a-z]+\s+(?:(?:and|or)\s+[a-z]+\s+)?(?:up\s+|out\s+)?(?:the\s+|a\s+|an\s+|its\s+|their\s+)?(?P<obj>.+)"
)
_JA_PARTICLE = re.compile(
    r"(?:には|に対して|に対し|については|に関しては|に向けた|に向けて|に向け|向けに|向けの|向け|のための|として|への|"
    r"(?<!既|更|特|主|様|的)(?<!新た|さら|すで|別途|同時|順次|一律|大幅|正式|実際|確実|着実)"
    r"に(?!より|よる|よって|おいて|おける|ついて|とって|伴|加え|基づ|応じ|わた|なる|なった|な))"
)
_KANA = re.compile(r"[\u3041-\u30ff]")
_GLOSS = re.compile(r"[（(][^（）()]{1,20}[）)]")
_JA_DELIM = re.compile(r"[、。，,（）()「」『』\s:：]|(?<=[^\W\d_])[はがをでもと](?![\u30a0-\u30ff])")
_QUOTED = re.compile(r"「([^」]{2,40})」")
_JA_TRIM = re.compile(
    r"^[・●○■□◆◇◎※*\-－]+|"
    r"^(?:の|約|計|新たに|新規に|さらに|既に|すでに|特に|主に|別途|また|このほか|このうち|そのうち|うち|した|する|された|される|している|とした|とする|含む|含めた)+|"
    r"(?:など|等|ほか)+$"
)


# "for budgetary support", "to financial assistance": the form of the money, not whom it is for
_FUNDING_ONLY = re.compile(
    r"(?i:(?:(?:additional|further|direct|financial|budgetary|budget|government|public|state|federal|fiscal|"
    r"central|capital)\s+)*(?:support|funding|financing|assistance|aid|subsid(?:y|ies)|grants?|incentives?|"
    r"money|funds|allocations?|outlays?))"
)


# "a separate grant program for …": words that place the thing in the story, not part of its name
_DISCOURSE_ADJECTIVE = re.compile(r"^(?:separate|further|another|dedicated)\s+(?=\S)")
_LEADING_PREPOSITION = re.compile(r"^(?:for|to|towards?)\s+(?:the\s+|a\s+|an\s+)?(?=\S)", re.I)


def recipient_name(name: str | None, entity: object | None, language: str | None) -> str | None:
    """The recipient as a fact states it: an alias-table entity keeps its canonical name; a Japanese
    phrase (a Japanese document, or kana in the phrase) is given in English when the glossary covers
    all of it (gloss.py), else as found."""
    if name is None or entity is not None:
        return name
    if language != "ja" and not _KANA.search(name):
        bare = _LEADING_PREPOSITION.sub("", name).rstrip(" ,;:")  # "for the pilot line," names "pilot line"
        bare = _DISCOURSE_ADJECTIVE.sub("", bare)
        return bare if len(bare) >= 2 else name
    return english_gloss(name) or name


def is_funding_phrase(np: str) -> bool:
    """Whether a noun phrase only names a kind of money ("budgetary support", "funding")."""
    return _FUNDING_ONLY.fullmatch(np.strip()) is not None


# words that cannot end a noun phrase: a cut after them leaves it unfinished
_DANGLING = frozenset(
    ["and", "or", "of", "for", "to", "the", "a", "an", "in", "on", "with", "by", "its", "their", "&"]
)
# words that end a name read backwards from its head noun ("than that in the [2022 budget]")
_NOT_IN_NAME = _DANGLING | {"than", "that", "this", "these", "those", "which", "as", "at", "from"}
_NOT_IN_NAME |= {"is", "are", "was", "were", "will", "be"}


def _first_words(np: str, limit: int) -> str:
    """The first `limit` words of a phrase, without a dangling connector at the cut: one more word
    completes "research and [development]", otherwise the connector goes."""
    words = np.split()
    if len(words) > limit and words[limit - 1].lower() in _DANGLING and words[limit].lower() not in _DANGLING:
        limit += 1
    words = words[:limit]
    while len(words) > 1 and words[-1].lower() in _DANGLING:
        words.pop()
    return " ".join(words)


def english_after(text: str, end: int, limit: int) -> tuple[str, bool] | None:
    """The noun phrase after a figure and whether it is named as the beneficiary (strong).

    Strong: "$X for the Y", "$X to its Z", "$X private credit fund", "$X to invest in Y".
    Weak: a purpose, "$X to expand its chip production".
    """
    window = text[end:limit]
    head = _EN_HEAD.match(window)
    if head:
        np = head.group("np").strip()
        purpose = head.group("purpose")
        if purpose:
            stop = _EN_STOP.search(purpose)
            np += purpose[: stop.start()] if stop else purpose
        return _first_words(np, 10), True
    m = _EN_AFTER.match(window)
    if not m:
        return None
    np = m.group("np")
    prep = m.group("prep")
    if m.group("verb") and not prep.startswith("to"):
        return None
    if prep.startswith("to") and not m.group("det") and not m.group("verb") and np[:1].islower():
        # "$X to develop domestic AI models": a purpose, named by the verb's object (weak)
        purpose = _PURPOSE.match(np)
        if not purpose:
            return None
        obj = _QUOTED_TERM.sub(r"\1", purpose.group("obj"))  # 'fund nine "AI clusters"': a term, not a quote
        stop = _EN_STOP.search(" " + obj)
        obj = (" " + obj)[: stop.start()] if stop else obj
        obj = _first_words(obj, 8).strip(" -–—'’\"")
        return (obj, False) if len(obj) >= 3 and not _NOT_A_RECIPIENT.match(obj) else None
    if prep in ("in", "on") and not m.group("det") and (prep == "in" or np[:1].isupper() or np[:1].isdigit()):
        return None
    stop = _EN_STOP.search(" " + np)
    if stop:
        np = (" " + np)[: stop.start()]
    named = _NAME_THEN_PURPOSE.match(np)
    if named:  # "to Holtec International for the restart": the name, not what it will do
        np = named.group(1)
    if not np.split():
        return None
    np = _first_words(np, 8).strip(" -–—'’\"")
    if len(np) < 3 or _NOT_A_RECIPIENT.match(np) or _ANAPHOR.match(np):
        return None
    verb = m.group("verb") or ""
    # "earmarked €12bn for semiconductors": a field the money is for, no one named as its beneficiary
    return np, (not verb or verb.startswith(("invest", "spend", "be "))) and not is_sector_word(np)


_NAME_THEN_PURPOSE = re.compile(r"((?:[A-Z][\w&.'’-]*\s+)*[A-Z][\w&.'’-]*)\s+for\s")
_QUOTED_TERM = re.compile(r"[\"“]([^\"“”]{1,40})[\"”]")
_NAME_WORD = r"(?:[A-Z][\w&'’-]*|20\d\d)"
# a capitalised programme name: "IndiaAI Mission", "the Critical Minerals Facility", "its Future Made in
# Australia agenda", "the Research, Innovation and Enterprise 2025 plan"
_PROGRAMME_NAME = re.compile(
    rf"(?<![\w'’-]){_NAME_WORD}(?:(?:\s+|,\s+|\s+(?:of|in|and|for|on)\s+){_NAME_WORD}){{0,7}}"
    r"(?:\s+(?:agenda|plan|programme|program|strategy|mission|fund|facility|initiative|scheme|package))?"
    r"(?![\w'’-])"
)
_PROGRAMME_HEAD = re.compile(
    r"\s(?i:agenda|plan|programme|program|strategy|mission|fund|facility|initiative|scheme|package|undertaking)$"
)


_LEADING_THE = re.compile(r"^(?:The|This|That)\s+(?=[A-Z0-9])")


def programme_name(text: str, lo: int, hi: int, start: int, end: int, reach: int = 90) -> str | None:
    """The capitalised programme name nearest to a figure at `start`-`end` between `lo` and `hi`
    (a clause), within `reach` characters of it; None when there is none."""
    best, best_d = None, reach + 1
    for m in _PROGRAMME_NAME.finditer(text, lo, hi):
        name = m.group().strip(" ,")
        bare = _LEADING_THE.sub("", name)  # "The PERTE Chip programme" opening a sentence
        if _PROGRAMME_HEAD.search(bare):
            name = bare
        if not _PROGRAMME_HEAD.search(name) or not name[:1].isupper():
            continue
        d = start - m.end() if m.end() <= start else m.start() - end if m.start() >= end else 0
        if 0 <= d < best_d:
            best, best_d = name, d
    return best


_QUALIFIER = (
    r"(?:(?:about|around|roughly|nearly|almost|some|up\s+to|more\s+than|over|"
    r"an?\s+(?:additional|further|extra))\s+)?"
)
# "lent Tesla $465 million", "awarded the consortium $20 million": the indirect object gets the money
_GAVE = re.compile(
    r"\b(?:lent|loaned|gave|granted|awarded|offered|paid|handed)\s+"
    r"(?P<np>(?:the\s+)?[A-Z][\w&.'’-]*(?:\s+[A-Z][\w&.'’-]*){0,3})\s+" + _QUALIFIER + r"$"
)
# "Each new institute will receive about $20 million": the subject of "receive" gets the money
_RECEIVES = re.compile(
    r"(?:^|[,;:]\s+)(?P<np>(?:[A-Za-z][\w&'’-]*\s+){0,5}?[A-Za-z][\w&'’-]*)\s+"
    r"(?:will\s+|would\s+|could\s+|should\s+|is\s+(?:set|due|expected)\s+to\s+|are\s+(?:set|due|expected)\s+to\s+)?"
    r"(?:also\s+)?(?:receives?|received|gets?|got|wins?|won|secures?|secured)\s+" + _QUALIFIER + r"$"
)
# what `_GAVE` and `_RECEIVES` must end with, without their costly starts: tried first (cheap scans)
_GAVE_TAIL = re.compile(_GAVE.pattern.removeprefix(r"\b"))
_RECEIVES_TAIL = re.compile(
    r"(?:receives?|received|gets?|got|wins?|won|secures?|secured)\s+" + _QUALIFIER + r"$"
)
_PRONOUN = re.compile(r"(?i:it|they|we|he|she|this|that|these|those|which|who)$")


def _receiver_before(text: str, start: int, floor: int) -> str | None:
    """The one a figure is given to, named before it: "lent Tesla $X", "X will receive $Y"."""
    window = text[floor:start]
    if len(window) > 200 or not _RECEIVER_VERB.search(window):
        return None
    m = _GAVE.search(window) if _GAVE_TAIL.search(window) else None
    if m is None and _RECEIVES_TAIL.search(window):
        m = _RECEIVES.search(window)
    if not m:
        return None
    np = _RELATIVE_LEAD.sub("", m.group("np").strip())
    if not np or _PRONOUN.match(np) or _ANAPHOR.match(np) or _NOT_A_RECIPIENT.match(_EACH.sub("", np)):
        return None
    return np


_RECEIVER_VERB = re.compile(  # (the look-ahead on the first letters lets `re` skip other words fast)
    r"\b(?=[aghloprsw])"
    r"(?:lent|loaned|gave|granted|awarded|offered|paid|handed|receiv|gets?\b|got\b|win|won\b|secur)"
)
_RELATIVE_LEAD = re.compile(r"^(?i:(?:which|that|who|and|but|while|as|where)\s+)+")
_EACH = re.compile(r"^(?i:each|every)\s+")


# a programme as the subject that holds a figure: "the new quantum strategy commits £2.5bn"
_HOLDS = (
    r"(?:commits?|provides?|allocates?|earmarks?|sets?\s+aside|(?:has|had)\s+a\s+budget\s+of|"
    r"(?:is|was)\s+worth)"
)
# its verb (and a qualifier) ending the window, looked for in the window's tail first (a cheap test)
_HOLDS_TAIL = re.compile(_HOLDS + r"\s+(?:[a-z]+\s+){0,2}$")
_PROGRAMME_SUBJECT = re.compile(
    r"(?:^|[.;:]\s+|,\s+|\b(?:[Tt]he|[Aa]n?|[Ii]ts|[Tt]his|[Tt]hat)\s+)"
    r"(?P<np>(?:(?!(?i:the|a|an|its|this|that|and|or|of|in|to|for|with)\s)[\w'’&-]+\s+){0,4}?"
    r"(?:strategy|programme|program|fund|scheme|initiative|mission|plan|package|facility))\s+"
    r"(?:(?:will|would|is\s+to)\s+)?" + _HOLDS + r"\s+"
    r"(?:about\s+|around\s+|roughly\s+|up\s+to\s+|more\s+than\s+|some\s+|nearly\s+)?$"
)


def english_before(text: str, start: int, floor: int) -> tuple[str, bool] | None:
    """The fund or budget a figure raises ("top up the Future Energy Fund by S$5 billion") or the
    named programme that provides it ("the Framework for X, which will provide ¥10 trillion"), and
    whether it is named as the beneficiary (strong); a name whose size the figure gives in brackets
    ("the Future Energy Fund (S$5 billion)") is weak: the figure is its budget, not a payment to it."""
    window = text[max(floor, start - 160) : start]
    sized = None
    if window.rstrip().endswith(("(", "（")):
        # a match spans at most the last 7 blank-separated chunks (5 words, the noun, the bracket)
        chunks = window.rstrip().rsplit(None, 7)
        sized = _SIZED.search(window, len(chunks[0]) if len(chunks) == 8 else 0)
    if sized:
        name = _bracketed_name(sized.group("np"))
        return (name, False) if name else None
    receiver = _receiver_before(text, start, floor)
    if receiver:
        return receiver, True
    which = _WHICH_PROVIDES.search(window) if "which" in window else None
    if which:
        return which.group("np").strip(), True
    owner = _PROGRAMME_SUBJECT.search(window) if _HOLDS_TAIL.search(window, len(window) - 30) else None
    if owner:  # "A separate quantum strategy commits £2.5bn": the programme that holds the money
        return _DISCOURSE_ADJECTIVE.sub("", owner.group("np")), True
    # _EN_BEFORE ends with "by" and an optional qualifier: a cheap test before the regex
    tail = window.rstrip()
    if tail.endswith(("about", "around", "roughly")):
        tail = tail[: -len(tail.rsplit(None, 1)[-1])].rstrip()
    if not tail.endswith("by"):
        return None
    m = _EN_BEFORE.search(window[-120:])
    if not m:
        return None
    np = m.group("np").strip()
    if np.split()[0].lower() in ("by", "to", "the", "it", "its", "spending", "budget"):
        return None
    return np, True


def japanese_before(text: str, start: int, floor: int, skipped: bool = False) -> tuple[str, int, bool] | None:
    """The phrase a Japanese figure is for: "XにN億円", "X向けN億円", "X(の)N億円".

    Returns (phrase, offset where the phrase starts, whether a particle such as に/向け named it).
    """
    window = text[floor:start]
    if not window:
        return None
    tail = window[-40:]
    cut = len(window) - len(tail)
    best = None
    for m in _JA_PARTICLE.finditer(tail):
        best = m
    particle = best is not None and len(tail) - best.end() <= 12
    if particle and best.group() == "として":  # "as Y": a description, not whom it is for
        particle = False
        np_end = cut + best.start()
    if particle:
        np_end = cut + best.start()
    elif best is not None and best.group() == "として" and len(tail) - best.end() <= 12:
        pass
    else:
        np_end = len(window)
        while np_end > 0 and window[np_end - 1] in "約計最大総額の ":
            np_end -= 1
        if np_end == 0 or window[np_end - 1] in "はがをもで、。":
            return None
    head = _GLOSS.sub(lambda g: "\x00" * len(g.group()), window[:np_end])  # "ＡＩ（人工知能）・半導体"
    delims = list(_JA_DELIM.finditer(head))
    np_start = delims[-1].end() if delims else 0
    if not particle and best is not None and best.group() == "として":
        # "概算要求に核融合関連経費として": the description starts after the case particle
        # ("…事業に出資するための原資として" keeps its clause: the noun after に is no compound)
        cases = list(_JA_NI.finditer(head, np_start))
        if cases and not _VERBAL_KANA.search(head, cases[-1].end()):
            np_start = cases[-1].end()
    np = head[np_start:].replace("\x00", "")
    quoted = _QUOTED.findall(window[max(0, np_start - 30) : np_end + 2])
    if quoted:
        return quoted[-1], floor + np_start, particle
    np = _JA_TRIM.sub("", np.strip())
    if not particle and np and not skipped and _JA_MONEY_ONLY.fullmatch(np):
        # "・部素材メーカー（…）　助成上限額　7億円": a column naming the money, after the item's label
        before = text[floor : floor + np_start].rstrip()
        return japanese_before(text, floor + len(before), floor, skipped=True)
    if len(np) < 2 or np.isdigit() or _JA_PRONOUN.match(np) or _JA_COMPANY_POINTER.search(np):
        return None  # "政府による同社": the company named before, which the caller carries
    anaphor = _JA_ANAPHOR.fullmatch(np)
    if anaphor:  # "同事業には": the 「…事業」 named before
        named = _antecedent(text, floor + np_start, anaphor.group(1))
        return (named, floor + np_start, particle) if named else None
    return np, floor + np_start, particle


_VERBAL_KANA = re.compile(r"[\u3041-\u306d\u306f-\u309f]")  # hiragana other than の
_JA_NI = re.compile(r"(?<=[^\W\d_])に(?=[^\W\d_])")
# "これ", "それら": pointers that are no name
_JA_PRONOUN = re.compile(r"(?:これ|それ|あれ|こちら|そちら|どれ)(?:ら)?$")
_JA_COMPANY_POINTER = re.compile(r"(?:同|当)(?:社|機構|法人|グループ)$")
# "同事業", "本基金", "当該制度": a pointer back to a programme named earlier
_JA_ANAPHOR = re.compile(
    r"(?:同|本|当該|当|この|その)(事業|基金|制度|計画|プログラム|プロジェクト|補助金|交付金|施設|工場|構想)"
)


def _antecedent(text: str, before: int, head: str) -> str | None:
    """What "同事業" points back to, within 1,500 characters before `before`: the last name ending in
    `head` that is 「quoted」 or a heading line of its own ("■特定半導体基金"), else the last phrase
    ending in it that is not itself a pointer ("…、先端半導体の生産施設を支援する基金で")."""
    lo = max(0, before - 1500)
    named = [q.group(1) for q in _QUOTED.finditer(text, lo, before) if q.group(1).endswith(head)]
    named += [h.group(1) for h in _HEADING.finditer(text, lo, before) if h.group(1).endswith(head)]
    if named:
        return max(named, key=lambda name: text.rfind(name, lo, before))
    found = None
    for m in re.finditer(rf"(?<=[、。\n」』:：])\s*([^、。\n「」『』:：\s]{{1,40}}?{head})", text[lo:before]):
        if not _JA_POINTER.match(m.group(1)):
            found = m.group(1)
    return _JA_TRIM.sub("", found) if found else None


_HEADING = re.compile(r"^[■□●◆◇・【\s]*([^\s、。■□●◆◇【】]{2,30}?)[】\s]*$", re.M)
_JA_POINTER = re.compile(r"(?:この|その|あの|同|本|当|これ|それ)")


# "Xのため", "Xに向けて", and a field named as the frame of the figure ("原子力分野で…1,597億円を要求")
_JA_PURPOSE = re.compile(
    r"のため(?:に|の)?|(?<=[るすくう])ため(?:に)?(?=[、，,])|に向け(?:ては|て|た)|"
    r"(?<=分野)(?:では|で|には|に)|(?<=関連)(?:では|で)"
)
# "…の開発を後押しするため、": the purpose is the object of the verb before ため
_JA_VERB_END = re.compile(r"(?:する|させる|る|す|く|う|つ|む)$")


def japanese_purpose(text: str, start: int, floor: int) -> tuple[str, int, bool] | None:
    """The purpose a Japanese figure serves, named earlier in its sentence: "Xのため…N億円"
    ("次世代半導体の開発支援事業のため…確保した4850億円"), or the field it is counted in ("X分野で…N億円").
    Returns (phrase, offset of the phrase, whether it names a purpose rather than a field)."""
    window = text[floor:start]
    last = None
    for m in _JA_PURPOSE.finditer(window):
        last = m
    if last is None:
        return None
    head = _GLOSS.sub(lambda g: "\x00" * len(g.group()), window[: last.start()])
    delims = list(_JA_DELIM.finditer(head))
    np_start = delims[-1].end() if delims else 0
    verb = not last.group().startswith("の") and _JA_VERB_END.search(head)
    if verb and delims and delims[-1].group() == "を" and np_start >= len(head) - 8:
        delims.pop()  # "Xを後押しするため": X, the object the purpose is about
        np_end = np_start - 1
        np_start = delims[-1].end() if delims else 0
        head = head[:np_end]
    np = _JA_TRIM.sub("", head[np_start:].replace("\x00", "").strip())
    if len(np) < 2 or np.isdigit():
        return None
    return np, floor + np_start, last.group().startswith(("のため", "に向け")) or bool(verb)


# "Xに向けては、", "X分野では、", "Xを後押しするため、": a purpose or field framing the whole sentence
_JA_FRAME = re.compile(
    r"(?:に向けて|のために|(?<=分野)で|(?<=分野)に)は\s?[、，,]|(?<=[るすくう])ため(?:に)?[、，,]"
)


def japanese_frame(text: str, start: int, floor: int) -> tuple[str, int, bool] | None:
    """The purpose or field a Japanese sentence is framed by, in a clause of its own before the
    figure's ("重要鉱物の確保に向けては、…N億円が措置された"): (phrase, its offset, whether a purpose)."""
    last = None
    for m in _JA_FRAME.finditer(text, floor, start):
        last = m
    if last is None:
        return None
    found = japanese_purpose(text, last.end(), floor)
    return found if found is not None and found[1] < last.start() else None


_JA_TOPIC = re.compile(r"\s?(?:では|には|は|に関しては|については)(?![\u3040-\u309f])")


def japanese_topic(text: str, end: int) -> bool:
    """Whether a name ending at `end` is the topic of its sentence ("東海再処理施設では、…")."""
    return _JA_TOPIC.match(text, end) is not None


def in_aside(text: str, start: int, floor: int, longer_than: int = 12) -> bool:
    """Whether `start` lies inside a parenthetical aside longer than a gloss ("(…と共同運営)"):
    a name there describes something else, it is not the one the sentence is about."""
    opened = max(text.rfind("(", floor, start), text.rfind("（", floor, start))
    if opened < 0 or max(text.rfind(")", opened, start), text.rfind("）", opened, start)) >= 0:
        return False
    closes = [i for i in (text.find(")", start, start + 80), text.find("）", start, start + 80)) if i >= 0]
    return bool(closes) and min(closes) - opened > longer_than


# "一般会計の総額は…億円で", "社会保障費が…億円に膨らんだ": the noun the figure measures, its subject
_JA_NOUN_RUN = re.compile(
    r"(?:[\u4e00-\u9fff\u30a0-\u30ffA-Za-z0-9・々〆ー]+の)*[\u4e00-\u9fff\u30a0-\u30ffA-Za-z0-9・々〆ー]+"
    r"(?:は|が|も)\s?(?:約|計|総額|合計|およそ)?\s?$"
)
_JA_MEASURE_TAIL = re.compile(r"(?:は|が|も)\s?(?:約|計|総額|合計|およそ)?\s?$")
# "研究開発費は計250億円を要求した": an expense line is no actor, so even as the object it owns the figure
_JA_EXPENSE_HEAD = re.compile(r"(?:費|経費|予算|予算額)$")
_JA_OBJECT = re.compile(r"\s?(?:程度|以上|超|余り)?を")
# what the figure's clause then says of it: it is, it became, it reached (not "…を", an object)
_JA_MEASURED = re.compile(
    r"\s?(?:程度|以上|超|余り|強|弱)?(?:で(?!は|も)|だ|です|でした|となり|となる|となった|となって|に(?:膨ら|達|上|増|減|拡大|縮小|のぼ)|。)"
)
# "…の総額", "…の要求総額": the measure of the noun, not a name of its own
_JA_MEASURE_WORD = re.compile(r"の(?:歳出|歳入|要求|支援|予算|事業)?(?:総額|総計|合計|規模|金額|額)$")
# "これまでの支援額", "国費投入", "企業価値", "基金": a form of money, a company's measure or a bare
# head pointing back to the name before it, no name of its own
_JA_MONEY_ONLY = re.compile(
    r"(?:(?:これまで|今回|今年度|来年度|前年度|今後|累計)の?)?"
    r"(?:国費|公費|公的資金|資金|支援|補助|助成|出資|投資|融資|調達|要求|予算|費用|投入|総|累計|額|規模|金額|合計|上限)*|"
    r"(?:企業価値|時価総額|評価額|売上高?|(?:営業|純|経常)?利益|収益)|"
    r"(?:基金|事業|制度|計画|プログラム|プロジェクト|補助金|交付金|施設|工場|構想|会社|企業)"
)
_JA_POINTER_LEAD = re.compile(r"^(?:同|本|当|この|その|これ|それ)")
_JA_ACCOUNT = re.compile(r"(?:一般|特別)会計")


def japanese_subject(text: str, start: int, end: int, floor: int) -> tuple[str, int] | None:
    """The noun a Japanese figure measures, named as the subject of its clause: "Xは N億円で",
    "Xが N億円に膨らんだ", "Xの総額は N億円となる" (X). Returns (X, offset of X). A figure that is
    the object of a verb ("政府は N億円を投じる") has no such subject."""
    found = _JA_NOUN_RUN.search(text, max(floor, start - 40), start)
    if found is None:
        return None
    tail = _JA_MEASURE_TAIL.search(found.group())
    head = found.group()[: tail.start()]
    if not _JA_MEASURED.match(text, end) and not (
        _JA_OBJECT.match(text, end) and _JA_EXPENSE_HEAD.search(head)
    ):
        return None
    noun = _JA_MEASURE_WORD.sub("", head)
    if len(noun) < 2 or noun.isdigit() or _JA_MONEY_ONLY.fullmatch(noun) or _JA_POINTER_LEAD.match(noun):
        return None
    return noun, found.start()


def names_an_account(np: str) -> bool:
    """Whether a Japanese phrase is a budget account ("一般会計", "エネルギー対策特別会計")."""
    return _JA_ACCOUNT.search(np) is not None and np.endswith("会計")


# "N兆円以上の公的資金をX分野に投じる": the figure (or the money it sizes) is put into X, named after it
_JA_PUT_INTO = re.compile(
    r"\s?(?:以上|超|程度|規模|余り|強)?(?:の[^、。をにへはが]{1,12})?を\s?"
    r"(?P<np>[^、。をはがでと\s]{2,30}?)(?:に|へ)(?:投じ|充て|配分|投入|拠出|振り向け|支出)"
)


def japanese_after(text: str, end: int, limit: int) -> tuple[str, int] | None:
    """The field or body a Japanese figure is put into, named after it in its clause: "N円を Xに投じる"
    (X, offset of X)."""
    found = _JA_PUT_INTO.match(text, end, limit)
    if found is None:
        return None
    np = _JA_TRIM.sub("", found.group("np"))
    if len(np) < 2 or _JA_PRONOUN.match(np) or _JA_COMPANY_POINTER.search(np) or _JA_POINTER_LEAD.match(np):
        return None
    return np, found.start("np")


# "脱炭素電源の導入拡大（次世代革新炉を含む）", "(including the reactor)": an aside naming a part
_PART_ASIDE = re.compile(
    r"(?:を含む|を含め|含む|など|等|を除く|を除き)\s*[）)]|^\s*[（(]\s*(?i:including|incl\.)\s"
)


def names_an_example(text: str, end: int) -> bool:
    """Whether a Japanese name ending at `end` is an example or part of a class named after it
    ("Xなどの…", "Xを含む…")."""
    return _JA_EXAMPLE_OF.match(text, end) is not None


_JA_EXAMPLE_OF = re.compile(r"(?:など|等)の|を含む|を含めた")


def class_after_example(np: str, end: int) -> str:
    """The class a Japanese phrase names after an example ending at `end` ("XなどのY" -> "Y")."""
    found = _JA_EXAMPLE_OF.match(np, end)
    return np[found.end() :] if found and found.end() < len(np) else np


def names_a_part(text: str, start: int, floor: int) -> bool:
    """Whether `start` lies inside brackets that list a part of the item before them ("X（Yを含む）",
    "X (including Y)"): a name there is not the item the figure is for."""
    opened = max(text.rfind("(", floor, start), text.rfind("（", floor, start))
    if opened < 0 or max(text.rfind(")", opened, start), text.rfind("）", opened, start)) >= 0:
        return False
    closes = [i for i in (text.find(")", start, start + 60), text.find("）", start, start + 60)) if i >= 0]
    if not closes:
        return False
    inside = text[opened : min(closes) + 1]
    return bool(_PART_ASIDE.search(inside))


# "■ポスト5G基金": a marked heading line naming a fund or programme, the subject of its section
_PROGRAMME_HEADING = re.compile(
    r"^[■□●◆◇【]\s*([^\s、。■□●◆◇【】]{2,30}?(?:基金|事業|制度|計画|プログラム|プロジェクト|補助金|交付金))[】\s]*$",
    re.M,
)


# "２．重要鉱物", "■特定半導体基金", "【概要】", "（３）…": a short heading line that opens a section
_SECTION_HEADING = re.compile(
    r"^(?:[0-9０-９]{1,2}[．.](?![0-9０-９])|[■□◆◇【]|[（(][0-9０-９]{1,2}[）)]|第[一二三四五六七八九十0-9０-９]+[章節])"
    r"[^\n。]{1,30}$",
    re.M,
)


def section_start(text: str, start: int) -> int | None:
    """Where the headed section that `start` lies in begins (its heading line), if any within
    3,000 characters before it."""
    last = None
    for m in _SECTION_HEADING.finditer(text, max(0, start - 3000), start):
        last = m
    return last.start() if last is not None else None


def section_programme(text: str, start: int) -> tuple[str, int] | None:
    """The fund or programme named by the marked heading of the section `start` lies in (no blank
    line between them), with the offset where the heading ends."""
    lo = max(0, start - 1500)
    last = None
    for m in _PROGRAMME_HEADING.finditer(text, lo, start):
        last = m
    if last is None or "\n\n" in text[last.end() : start] or "\n\u3000\n" in text[last.end() : start]:
        return None
    return last.group(1), last.end()
