"""A small script-based language guess for documents that do not declare one."""

from __future__ import annotations

import re

_KANA = re.compile(r"[\u3040-\u30ff]")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_HANGUL = re.compile(r"[\uac00-\ud7af]")
_LATIN_WORD = re.compile(r"[A-Za-z]+")
_STOPWORDS = {
    "en": {"the", "and", "of", "to", "in", "for", "is", "on", "that", "with", "by", "said"},
    "de": {"der", "die", "und", "das", "den", "von", "mit", "für", "ist", "nicht"},
    "fr": {"le", "la", "les", "des", "et", "du", "une", "pour", "dans", "est"},
}


def guess_language(text: str) -> str | None:
    """ISO 639-1 code from the script (kana → ja, hangul → ko, Han only → zh) or common words."""
    sample = text[:5000]
    if not sample.strip():
        return None
    kana, han, hangul = len(_KANA.findall(sample)), len(_HAN.findall(sample)), len(_HANGUL.findall(sample))
    words = [w.lower() for w in _LATIN_WORD.findall(sample)]
    latin_letters = sum(len(w) for w in words)
    cjk = kana + han + hangul
    if cjk * 4 >= latin_letters:  # a Latin-script text quoting a few CJK units stays Latin
        if kana >= 5 or (kana and kana + han > 20):
            return "ja"
        if hangul >= 5:
            return "ko"
        if han >= 20:
            return "zh"
    if len(words) < 5:
        return None
    scores = {lang: sum(w in stop for w in words) for lang, stop in _STOPWORDS.items()}
    best = max(scores, key=scores.get)
    return best if scores[best] >= max(2, len(words) // 50) else None
