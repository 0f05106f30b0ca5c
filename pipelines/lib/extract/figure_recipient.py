"""Whom a money figure is for: the recipient or programme its sentence names, a table row's label, a
list matched "respectively", the company the text is about, or the programme named before it."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter

from pipelines.lib.extract.document import (
    _ENTITY_OF,
    _context,
    _distance,
    _Doc,
    _entity,
    _sentence_entities,
    _sentence_hits,
    _Typed,
)
from pipelines.lib.extract.entities import Entity, default_table
from pipelines.lib.extract.recipients import (
    class_after_example,
    english_after,
    english_before,
    in_aside,
    is_funding_phrase,
    japanese_after,
    japanese_before,
    japanese_frame,
    japanese_purpose,
    japanese_subject,
    japanese_topic,
    names_a_budget,
    names_a_part,
    names_an_account,
    names_an_example,
    programme_name,
    section_programme,
    section_start,
)
from pipelines.lib.extract.related_figures import _other_figure_between
from pipelines.lib.model import Mention

_LABEL_NOISE = re.compile(
    r"年度|^FY|^\d|^(?:initial|draft|request|supplementary|total|当初|補正|予算案|概算要求|合計|金額)$|当初$|補正$|予算案$|概算要求$|"
    # a dated list ("- November 2022: ¥70 billion") is not labelled by its month
    r"^(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)\.?$|"
    r"^(?:january|february|march|april|june|july|august|september|october|november|december),?$",
    re.I,
)
# "the technology budget ... to NT$180 billion": the budget a total measures
_NAMED_BUDGET = re.compile(
    r"(?=[tia])\b(?:the|its|their|a|an)\s+((?:[a-z][\w-]*\s+){1,3}budget)\b(?!.*\bbudget\b)"
)
_NOT_BUDGET_NAME = re.compile(
    r"(?:record|new|overall|total|entire|whole|draft|annual|initial|supplementary|extra)\b"
)
_LABEL_TOTAL = re.compile(r"合計|総額|一般会計|特別会計|\btotal\b|general account|special account", re.I)
_JA_JUNK = re.compile(  # (a digit glued to Latin letters is part of a name: CO2, ポスト5G)
    r"(?<![A-Za-z\d])\d+(?![A-Za-z\d])|[〇一二三四五六七八九十百千万億兆]+(?:円|年)|年度|より|比|(?:した|する|される|された|れる|いる|ある|なる|った|ている)$|"
    r"^(?:当初|補正|本)?予算(?:案)?$|^概算要求$|^(?:一般|特別)会計$|^金額$|^財源$|[:：]"
)
_LABEL_LEAD = re.compile(r"^(?:of which|うち|\(ref\.\)|（参考）)\s*:?\s*")
_FRAGMENT = re.compile(
    r"^(?:for|to|of|on)\s+(?:the|a|an|its|their)\s+[\w-]+$|^(?:plan|programme|program|scheme|project|access)$|"
    r"^(?:spent|used|paid|given)\s",
    re.I,
)
_AGENCY_ANAPHOR = re.compile(r"\b[Tt]he\s+agency's\s+(?:[\w-]+\s+){0,3}?(?:budget|request|funding)\b")


def _recipient(
    doc: _Doc, t: _Typed, sent, clause, sent_hits, company_anaphor: str | None
) -> tuple[str | None, Entity | None, bool]:
    """(recipient, its entity, strong?): a strong recipient is named as the one the money is for."""
    m = t.m
    ja = doc.language == "ja"
    best: dict[str, tuple[float, Entity, int]] = {}
    for h, e in _sentence_entities(doc, sent, sent_hits):
        if e.type not in ("recipient", "programme"):
            continue
        if ja and h.end <= m.start and in_aside(doc.scan, h.start, sent.start):
            continue  # "(高エネルギー加速器研究機構と共同運営)": an aside about something else
        if ja and names_an_example(doc.scan, h.end) and h.end <= m.start:
            continue  # "次世代革新炉などの脱炭素関連には": an example of the class the figure is for
        if names_a_part(doc.scan, h.start, sent.start):
            continue  # "脱炭素電源の導入拡大（次世代革新炉を含む）": a part of the item the figure is for
        if not ja and _ONE_OF_MANY.match(doc.scan, h.end):
            continue  # "With the Intel deal and other recent awards, … $33 billion": one of many, no owner
        if h.start >= m.end and _other_figure_between(doc, m.end, h.start):
            continue  # "provided $39 billion, including a $6.6 billion award to TSMC": the later figure's
        d = float(_distance(h, m))
        if ja and h.start >= m.end:
            d = d * 3 + 20
        in_clause = clause.start <= h.start < clause.end
        key = ("clause_" if in_clause else "sent_") + e.type
        if key not in best or d < best[key][0]:
            best[key] = (d, e, h.start)
    respective = _respective(doc, t, sent)
    if respective is not None:
        return respective
    if "clause_recipient" in best:
        e = best["clause_recipient"][1]
        return e.canonical, e, True
    table = default_table()
    label = _row_label(doc, m, sent)
    if label and _LABEL_TOTAL.search(doc.scan, sent.start, m.start):
        t.row_total = True
    if label:
        return _as_recipient(table, label, True)
    np, np_strong, budget_line = None, False, None
    if ja:
        found_ja = japanese_before(doc.scan, m.start, sent.start)
        if found_ja is not None and found_ja[2]:
            # "今月成立した二四年度補正予算に約一兆五千億円": the figure is put into a budget
            budget = _JA_BUDGET_NAME.search(found_ja[0])
            budget_line = budget.group() if budget else None
        if not found_ja or _JA_JUNK.search(found_ja[0]):
            purpose = japanese_purpose(doc.scan, m.start, clause.start) or japanese_frame(
                doc.scan, m.start, sent.start
            )
            found_ja = purpose if purpose and not _JA_JUNK.search(purpose[0]) else None
        subject = japanese_subject(doc.scan, m.start, m.end, clause.start) if found_ja else None
        if subject is not None and subject[1] > found_ja[1]:
            # "利払いと償還に充てる国債費も約二十八兆円に達する": the phrase before describes the
            # subject the figure measures
            measured = _measured_noun(doc, m, clause, table)
            if measured is not None:
                return measured
        if found_ja:
            np, np_start, np_strong = found_ja
            # "ラピダスが計画する新工場の建設に対し": the company named in the phrase's clause
            np_clause = doc.seg.clause_at(np_start, np_start + 1)
            owner = [
                v for k, v in best.items() if k == "sent_recipient" and np_clause.start <= v[2] < m.start
            ]
            if owner:
                return owner[0][1].canonical, owner[0][1], True
            # "東海再処理施設では、…廃止措置に約百七億円": the body or facility the sentence is about
            # receives the money; the phrase names what for
            topic = _topic_recipient(doc, sent, np_start)
            if topic is not None and not table.find(np):
                return topic.canonical, topic, True
        else:
            measured = _measured_noun(doc, m, clause, table)
            if measured is not None:
                return measured
            put_into = japanese_after(doc.scan, m.end, clause.end)
            if put_into is not None:
                return _as_recipient(table, put_into[0], True)
    else:
        found_en = english_after(doc.scan, m.end, sent.end)
        if found_en:
            np, np_strong = found_en
        else:
            np, np_strong = english_before(doc.scan, m.start, sent.start) or (None, False)
    if np:
        found = [(end, e) for _, end, e in table.find(np) if e.type in ("recipient", "programme")]
        ents = [e for end, e in found if not (ja and names_an_example(np, end))]
        examples = [end for end, _ in found if ja and names_an_example(np, end)]
        if examples and not ents:  # "次世代革新炉などの脱炭素関連": the class, not the example
            np = class_after_example(np, examples[-1])
        if ents:
            return ents[0].canonical, ents[0], np_strong
        if np_strong:
            return np, None, True
    if not ja:
        named_budget = _NAMED_BUDGET.search(doc.scan, max(clause.start, m.start - 100), m.start)
        if named_budget and not _NOT_BUDGET_NAME.match(named_budget.group(1)):
            return named_budget.group(1), None, False
    if not ja and doc.agency and _AGENCY_ANAPHOR.search(doc.scan, max(clause.start, m.start - 60), m.start):
        # "The agency's FY2024 request of $11.3 billion": the one agency the text is about
        agency = [e for _, _, e in table.find(doc.agency) if e.type == "agency"]
        if agency:
            return agency[0].canonical, agency[0], True
    carried = _carried_recipient(doc, m, company_anaphor) if (ja or company_anaphor) else None
    if carried is not None and not ja:
        own = best.get("sent_recipient")
        if own is not None and (own[2] < m.start or company_anaphor == "after") and own[1] is not carried:
            # "Intel shelved its plant, for which Germany promised €10 billion": "its" is the company
            # the sentence names, not the one the text named most
            return own[1].canonical, own[1], False
        return carried.canonical, carried, False
    if "clause_programme" in best and not ja:
        e = best["clause_programme"][1]
        return e.canonical, e, True
    if "sent_recipient" in best:
        e = best["sent_recipient"][1]
        return e.canonical, e, False
    for key in ("clause_programme", "sent_programme"):
        if key in best:
            e = best[key][1]
            return e.canonical, e, key == "clause_programme"
    if np:
        return np, None, False
    if carried is not None and ja:
        section = _section_programme(doc, m, carried)
        if section is not None:
            return section
        opened = section_start(doc.scan, m.start)
        if opened is not None and not any(
            opened <= start < m.start and e is carried for start, e in doc.recipient_hits or ()
        ):
            carried = None  # "２．重要鉱物": a company of another section is not this one's subject
        if budget_line is not None and not _JA_COMPANY_POINTER.search(doc.scan, sent.start, sent.end):
            return budget_line, None, False  # a budget's line, not the money of the company named before
    if carried is not None:
        return carried.canonical, carried, False
    if not ja and _THE_AWARD.search(doc.scan, max(clause.start, m.start - 80), m.start):
        # "SK hynix will use its grant for … . The terms put the grant at up to $450 million": the
        # award the sentence before gave a company
        named = _named_in_previous_sentence(doc, sent)
        if named is not None:
            return named.canonical, named, False
    return None, None, False


# a definite award before a figure points back to one named before ("the grant", "that agreement")
_THE_AWARD = re.compile(
    r"\b(?:[Tt]he|[Tt]hat|[Tt]his)\s+(?:preliminary\s+|final\s+|proposed\s+)?(?:grant|award|loan|subsidy|agreement|deal)\b"
)


def _named_in_previous_sentence(doc: _Doc, sent) -> Entity | None:
    """The one recipient (alias table) the sentence just before `sent` names, if it names one."""
    if sent.start == 0:
        return None
    prev = doc.seg.sentence_at(sent.start - 1)
    if prev.start >= sent.start:
        return None
    named = {
        id(e): e
        for h in _sentence_hits(doc, prev.start, prev.end)
        if (e := _entity(h)) is not None and e.type == "recipient"
    }
    return next(iter(named.values())) if len(named) == 1 else None


_JA_BUDGET_NAME = re.compile(r"[^\u3041-\u309f、。\s]{2,}?(?:予算案?|会計|概算要求)$")
_JA_COMPANY_POINTER = re.compile(r"(?:同|当|両)(?:社|グループ|法人|機構)")
# "Intel and others", "the Intel deal and other awards": a name listed as one of many
_ONE_OF_MANY = re.compile(r"(?:['’]s)?(?:\s+[a-z][\w-]*){0,2}\s+(?:and|or)\s+(?:other|others|several|many)\b")


def _as_recipient(table, name: str, strong: bool) -> tuple[str, Entity | None, bool]:
    """`name` as a figure's recipient: the first recipient or programme of the alias table it names
    (by its canonical name), else the name as written."""
    named = [e for _, _, e in table.find(name) if e.type in ("recipient", "programme")]
    return (named[0].canonical, named[0], strong) if named else (name, None, strong)


def _measured_noun(doc: _Doc, m: Mention, clause, table) -> tuple[str, Entity | None, bool] | None:
    """The noun a Japanese figure measures as its clause's subject ("一般会計の総額は…億円で"): the
    figure is that noun's, never a company carried from other sentences. A government or agency as
    the subject ("経産省は…億円で") is left to the other rules."""
    found = japanese_subject(doc.scan, m.start, m.end, clause.start)
    if found is None or _JA_JUNK.search(found[0]) and not names_an_account(found[0]):
        return None
    ents = table.find(found[0])
    if any(e.type in ("government", "agency") for _, _, e in ents):
        return None
    return _as_recipient(table, found[0], False)


def _section_programme(doc: _Doc, m: Mention, carried: Entity) -> tuple[str, Entity | None, bool] | None:
    """The fund or programme whose marked heading ("■ポスト5G基金") opens the section of a figure that
    names nothing of its own, when the company the text was about is not named in that section."""
    found = section_programme(doc.scan, m.start)
    if found is None:
        return None
    name, heading_end = found
    if any(heading_end <= start < m.start and e is carried for start, e in doc.recipient_hits or ()):
        return None
    return _as_recipient(default_table(), name, False)


def _programme_fallback(doc: _Doc, t: _Typed) -> None:
    """English money that names no recipient, only a form of money ("Rs X will be allocated for
    budgetary support"), or, for a programme envelope, only a purpose ("incentives of up to Rs X to
    boost manufacturing"), belongs to the programme (alias table) the text named last before it."""
    if doc.language == "ja" or t.kind in ("other", "change") or t.recipient_entity is not None:
        return
    if t.recipient is None or not t.recipient_strong or _FRAGMENT.match(t.recipient):
        sent = doc.seg.sentence_at(t.m.start)
        name = programme_name(doc.scan, sent.start, sent.end, t.m.start, t.m.end)
        if name is None and t.recipient is not None and _FRAGMENT.match(t.recipient):
            # "Rs X for the programme": the programme its sentence names, else the one named last before
            name = programme_name(doc.scan, sent.start, sent.end, t.m.start, t.m.end, 400) or programme_name(
                doc.scan, max(0, sent.start - 800), sent.start, t.m.start, t.m.end, 800
            )
        if name is None:
            # "The government published its national semiconductor strategy, promising up to £1bn"
            policy = _LEAD_POLICY.search(doc.scan, sent.start, t.m.start)
            ctx = _context(doc, sent)
            if policy and any(w == "gov" and x.start < policy.start() for x, w in ctx.actors):
                name = policy.group("np").strip()
        if name is not None:  # "approved the IndiaAI Mission with a total outlay of Rs X"
            t.recipient = name
            return
    funding = t.recipient is not None and is_funding_phrase(t.recipient)
    named = t.recipient is not None and names_a_budget(t.recipient)  # "FY2022 supplementary budget"
    if t.recipient is not None and not funding and (t.recipient_strong or t.kind != "total_budget" or named):
        return
    programme = _last_programme(doc, t.m.start)
    if t.recipient is None and programme is None:
        # "The UK government's semiconductor strategy will ... The government will invest up to
        # £1bn": the policy the lead announces is what its government's unnamed figures fund
        policy = _lead_policy(doc)
        if policy is not None and t.government is not None and t.government == doc.government:
            t.recipient = policy
        return
    if t.recipient is None and programme is not None:
        # a figure that names nothing belongs to the programme only when its sentence points back
        # to it ("of the total expenditure on the mission")
        sent = doc.seg.sentence_at(t.m.start)
        heads = {w.lower() for w in _ANAPHOR_HEAD.findall(doc.scan, sent.start, sent.end)}
        name = " ".join((programme.canonical,) + programme.aliases).lower()
        if not any(h in name or h in ("programme", "program") for h in heads):
            return
    if funding:
        t.purpose_key, t.recipient = t.recipient, None
    if programme is not None:
        t.recipient, t.recipient_entity = programme.canonical, programme


def _last_programme(doc: _Doc, pos: int) -> Entity | None:
    entity_of = _ENTITY_OF
    i = bisect_left(doc.hit_starts, pos) - 1
    while i >= 0 and pos - doc.hits[i].start <= _PROGRAMME_REACH:
        e = entity_of[id(doc.hits[i].tags)]
        if e is not None and e.type == "programme":
            return e
        i -= 1
    return None


_LEAD_POLICY = re.compile(
    r"(?:['’]s|\bnational|\bnew)\s+(?:(?:long-awaited|much-anticipated|new|first|updated|revised|latest|national)\s+)*"
    r"(?P<np>(?:[A-Za-z][\w-]*\s+){0,3}?(?:strategy|roadmap|action\s+plan|programme|mission))\b",
    re.I,
)


def _lead_policy(doc: _Doc) -> str | None:
    """The policy (strategy, roadmap, mission) a government's announcement in the lead is about."""
    cached = doc.entity_cache.get("lead_policy", False)
    if cached is not False:
        return cached
    after_head = [x for x in doc.seg.sentences if x.start >= doc.headline_end][:1]
    end = after_head[0].end if after_head else doc.headline_end
    found = _LEAD_POLICY.search(doc.scan, 0, end)
    policy = found.group("np").strip() if found else None
    if policy is not None and not _gov_named_before(doc, found.start(), end):
        policy = None
    doc.entity_cache["lead_policy"] = policy
    return policy


def _gov_named_before(doc: _Doc, pos: int, end: int) -> bool:
    """A government or agency is named within 60 characters before `pos` ("the UK government's")."""
    entity_of = _ENTITY_OF
    for h in doc.hits:
        if h.start >= pos:
            break
        e = entity_of[id(h.tags)]
        if pos - h.end <= 60 and e is not None and e.type in ("government", "agency"):
            return True
    return False


_ANAPHOR_HEAD = re.compile(
    r"\b(?:the|this|that|its)\s+(mission|scheme|programme|program|fund|initiative|plan|strategy|package|act)\b",
    re.I,
)
_PROGRAMME_REACH = 1500  # characters back to the programme a figure falls back to
_RESPECTIVELY = re.compile(r"それぞれ|各々|respectively", re.I)
_JA_ITEM = re.compile(r"「([^「」]{2,40})」")


def _respective(doc: _Doc, t: _Typed, sent) -> tuple[str | None, Entity | None, bool] | None:
    """A list of names and a list of figures matched in order: "A and B ... $X and $Y,
    respectively", "「A」、「B」についても、それぞれ、X、Y". The names are the quoted items (Japanese) or
    the alias-table recipients (both languages) named before the first figure of the list."""
    scan = doc.scan
    any_list = doc.entity_cache.get("respectively")
    if any_list is None:
        any_list = doc.entity_cache["respectively"] = (
            "espectively" in scan or "それぞれ" in scan or "各々" in scan
        )
    if not any_list:
        return None
    key = ("respectively", sent.start)
    word = doc.entity_cache.get(key, False)
    if word is False:
        word = doc.entity_cache[key] = _RESPECTIVELY.search(scan, sent.start, sent.end)
    if word is None:
        return None
    figures = [
        x for x in doc.money if sent.start <= x.m.start < sent.end and x.converts is None and not x.abs_change
    ]
    if len(figures) < 2 or t not in figures:
        return None
    first = figures[0].m.start
    ja = word.group() != "respectively" and word.group().lower() != "respectively"
    if ja and word.start() > first:
        return None
    names: list[tuple[str, Entity | None]] = []
    if ja:
        names = [(q.group(1), None) for q in _JA_ITEM.finditer(scan, sent.start, min(first, word.start()))]
    if len(names) != len(figures):
        names = [
            (e.canonical, e)
            for h, e in _context(doc, sent).entities
            if h.end <= first and e.type in ("recipient", "programme")
        ]
    if len(names) != len(figures):
        return None
    name, entity = names[figures.index(t)]
    if entity is None:
        found = [e for _, _, e in default_table().find(name) if e.type in ("recipient", "programme")]
        entity = found[0] if len(found) == 1 else None
        name = entity.canonical if entity is not None and len(name) <= len(entity.canonical) + 2 else name
    return name, entity, True


def _topic_recipient(doc: _Doc, sent, before: int) -> Entity | None:
    """The recipient (company, body, facility) that a Japanese sentence takes as its topic
    ("Xでは、", "Xには、") before offset `before`; the nearest one."""
    found = None
    for h, e in _context(doc, sent).entities:
        if h.start >= before:
            break
        if e.type == "recipient" and japanese_topic(doc.scan, h.end):
            found = e
    return found


def _row_label(doc: _Doc, m: Mention, sent) -> str | None:
    """The row label of a table line "Semiconductors and AI FY2026 draft: 12,390億円"."""
    colon = max(doc.scan.rfind(":", sent.start, m.start), doc.scan.rfind("：", sent.start, m.start))
    if colon < 0 or doc.scan[colon + 1 : m.start].strip() not in ("", "約", "about", "up to", "最大"):
        return None
    words = [w for w in doc.scan[sent.start : colon].split() if not _LABEL_NOISE.search(w)]
    label = " ".join(words).strip(" -–—:：")
    label = _LABEL_LEAD.sub("", label)
    return label if len(label) >= 2 and not _JA_JUNK.search(label) else None


def _carried_recipient(doc: _Doc, m: Mention, company_anaphor: str | None) -> Entity | None:
    """Japanese drops a known subject, English says "the company": the entity the text is about."""
    if doc.language != "ja" and not company_anaphor:
        return None
    if doc.recipient_hits is None:
        doc.recipient_hits = [
            (h.start, e) for h in doc.hits if (e := _entity(h)) is not None and e.type == "recipient"
        ]
        doc.recipient_starts = [start for start, _ in doc.recipient_hits]
    # the answer depends only on which recipient hits come before the figure (and, in Japanese,
    # which are within 600 characters of it): figures of one sentence share it
    before = bisect_left(doc.recipient_starts, m.start)
    near_from = bisect_left(doc.recipient_starts, m.start - 600) if doc.language == "ja" else 0
    key = ("carried", before, near_from)
    found = doc.entity_cache.get(key, False)
    if found is False:
        found = doc.entity_cache[key] = _carried_entity(doc, m)
    return found


def _carried_entity(doc: _Doc, m: Mention) -> Entity | None:
    counts: Counter = Counter()
    last: dict[int, int] = {}
    for start, e in doc.recipient_hits:
        if start >= m.start:
            break
        counts[e.index] += 1
        last[e.index] = start
    if not counts:
        return None
    if doc.language == "ja":
        near: Counter = Counter()
        for start, e in doc.recipient_hits:
            if m.start - 600 <= start < m.start:
                near[e.index] += 1
        if not near:
            return None
        best = max(near, key=lambda idx: (near[idx], last[idx]))
        return default_table().entities[best]
    return default_table().entities[counts.most_common(1)[0][0]]
