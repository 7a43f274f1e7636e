"""Finding a catalogue item as the user types: by code, by name, by the name's pinyin
(全拼 "laowu", 首字母 "lwpq") or by department.

An ``ItemIndex`` is built once from the items (it computes every name's pinyin then:
pypinyin takes some 0.15 ms a name, too slow to call on a keystroke) and answers each
keystroke by scanning precomputed strings: a few milliseconds over thousands of items.

Matching: the text typed is normalised (NFKC, so full-width letters and digits are plain
ones; case-folded) and its blanks are ignored ("lao wu" is "laowu"). An item matches if
that text is found in its code, name, pinyin, initials, department or keywords; failing
that, if the text has several words and each word is found in one of them ("行政审批局
劳务"). Results are ranked (``MatchRank``): the exact code, a code prefix, a name prefix, a
pinyin prefix, an initials prefix, then the text inside the name, the code, the pinyin,
the initials, the department or a keyword, then the words; within a rank the shorter name
first, then by code. A polyphone is read as pypinyin reads it in context (no heteronyms):
银行 is "yinhang"; ü is typed "v" ("lv" 绿), as on Chinese keyboards.
"""

from __future__ import annotations

import heapq
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import IntEnum
from typing import Any, Generic, Protocol, TypeVar

from pypinyin import lazy_pinyin


class Searchable(Protocol):
    """What an indexed item has (``ServiceItemSummary`` has it, so has ``SearchItem``)."""

    @property
    def code(self) -> str: ...

    @property
    def name(self) -> str: ...

    @property
    def department(self) -> str: ...


@dataclass(frozen=True)
class SearchItem:
    """An item to index for a caller without an object of its own."""

    item_id: int
    code: str
    name: str
    department: str = ""
    keywords: tuple[str, ...] = ()


class MatchRank(IntEnum):
    """How well an item matches, best first."""

    CODE = 0  # the code exactly
    CODE_PREFIX = 1
    NAME_PREFIX = 2
    PINYIN_PREFIX = 3  # 全拼: "laowu" for 劳务派遣经营许可
    INITIALS_PREFIX = 4  # 首字母: "lwpq"
    IN_NAME = 5
    IN_CODE = 6
    IN_PINYIN = 7
    IN_INITIALS = 8
    IN_DEPARTMENT = 9  # or in a keyword
    WORDS = 10  # each of several words somewhere


T = TypeVar("T", bound=Searchable)

_SEPARATOR = "\n"  # between the fields of an item's haystack: never in a normalised search


def normalise(text: str) -> str:
    """As text is compared: NFKC (full-width to plain), case-folded."""
    return unicodedata.normalize("NFKC", text).casefold()


def _compact(text: str) -> str:
    return "".join(normalise(text).split())


def _letters(parts: Iterable[str]) -> str:
    """Pinyin syllables (and the name's other runs, e.g. Latin letters) as one string of
    letters and digits only: what a user types for them."""
    return "".join(char for char in normalise("".join(parts)) if char.isalnum())


_NOT_HAN = "\x00"  # marks a run of the name that has no pinyin (Latin letters, digits, brackets)


def _mark_not_han(run: str) -> str:
    return _NOT_HAN + run


def pinyin_of(name: str) -> tuple[str, str]:
    """The full pinyin and the initials of ``name``: ("laowupaiqian", "lwpq") for 劳务派遣;
    what has no pinyin is kept whole in both ("a1leijiashi", "a1ljs" for A1类驾驶)."""
    parts = lazy_pinyin(unicodedata.normalize("NFKC", name), errors=_mark_not_han)  # one call: ~0.15 ms
    full = _letters(part.lstrip(_NOT_HAN) for part in parts)
    initials = _letters(part.lstrip(_NOT_HAN) if part.startswith(_NOT_HAN) else part[:1] for part in parts)
    return full, initials


def _keywords_of(item: Any) -> Iterable[str]:
    return getattr(item, "keywords", ()) or ()


class ItemIndex(Generic[T]):
    """The items, ready to be searched as the user types (see the module's docstring).

    ``keywords``: more words to find an item by (abbreviations, former names); by default
    the items' own ``keywords`` attribute if they have one."""

    def __init__(self, items: Iterable[T], keywords: Callable[[T], Iterable[str]] | None = None) -> None:
        self._items: list[T] = list(items)
        keywords_of: Callable[[T], Iterable[str]] = keywords or _keywords_of
        # Per item, by position: the fields as compared, and all of them in one string
        # (a search first looks for its text there: one `in` an item).
        self._codes: list[str] = []
        self._names: list[str] = []
        self._pinyins: list[str] = []
        self._initials: list[str] = []
        self._haystacks: list[str] = []
        for item in self._items:
            code, name = _compact(item.code), _compact(item.name)
            pinyin, initials = pinyin_of(item.name)
            others = [_compact(item.department), *(_compact(word) for word in keywords_of(item))]
            self._codes.append(code)
            self._names.append(name)
            self._pinyins.append(pinyin)
            self._initials.append(initials)
            self._haystacks.append(_SEPARATOR.join((code, name, pinyin, initials, *others)))
        # Within a rank: the shorter name, then the code, then the order given; as one
        # number per item, so that a result's sort key is rank * len + tie (ints sort fast).
        ties = sorted(range(len(self._items)), key=lambda at: (len(self._names[at]), self._codes[at], at))
        self._by_tie: list[int] = ties
        self._tie: list[int] = [0] * len(ties)
        for tie, position in enumerate(ties):
            self._tie[position] = tie

    def __len__(self) -> int:
        return len(self._items)

    @property
    def items(self) -> Sequence[T]:
        """All the items, in the order given."""
        return tuple(self._items)

    def search(self, text: str, limit: int | None = 50) -> list[T]:
        """The items matching ``text``, best first, at most ``limit`` (None: all). An empty
        text (or only blanks) gives every item, in the order given, whatever the limit."""
        words = normalise(text).split()
        if not words:
            return list(self._items)
        count, items, by_tie = len(self._items), self._items, self._by_tie
        return [items[by_tie[key % count]] for key in self._keys(words, limit)]

    def ranked(self, text: str, limit: int | None = 50) -> list[tuple[MatchRank, int]]:
        """``search`` as (rank, position of the item in the order given) pairs; nothing for
        an empty text."""
        words = normalise(text).split()
        count = len(self._items)
        return [(MatchRank(key // count), self._by_tie[key % count]) for key in self._keys(words, limit)] if words else []

    def _keys(self, words: list[str], limit: int | None) -> list[int]:
        """The matches' sort keys (rank * number of items + tie), best first."""
        compact = "".join(words)
        several = len(words) > 1
        longest = max(words, key=len)  # the rarest, likely: tried first
        count = len(self._items)
        codes, names, pinyins, initials, tie = self._codes, self._names, self._pinyins, self._initials, self._tie
        keys: list[int] = []
        for position, haystack in enumerate(self._haystacks):
            if compact in haystack:
                code = codes[position]
                if code == compact:
                    rank = MatchRank.CODE
                elif code.startswith(compact):
                    rank = MatchRank.CODE_PREFIX
                elif names[position].startswith(compact):
                    rank = MatchRank.NAME_PREFIX
                elif pinyins[position].startswith(compact):
                    rank = MatchRank.PINYIN_PREFIX
                elif initials[position].startswith(compact):
                    rank = MatchRank.INITIALS_PREFIX
                elif compact in names[position]:
                    rank = MatchRank.IN_NAME
                elif compact in code:
                    rank = MatchRank.IN_CODE
                elif compact in pinyins[position]:
                    rank = MatchRank.IN_PINYIN
                elif compact in initials[position]:
                    rank = MatchRank.IN_INITIALS
                else:
                    rank = MatchRank.IN_DEPARTMENT
            elif several and longest in haystack and all(word in haystack for word in words):
                rank = MatchRank.WORDS
            else:
                continue
            keys.append(rank * count + tie[position])
        if limit is None or limit >= len(keys):
            keys.sort()
        else:
            keys = heapq.nsmallest(max(limit, 0), keys)
        return keys
