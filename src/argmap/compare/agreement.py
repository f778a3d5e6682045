"""Agreement between authors, pair by pair, without holding the pairs.

n maps make n(n-1)/2 pairs: 50 million for 10,000 maps, far more than the
maps themselves. So the pairs are never stored. Each map's answers are two
bit masks over the issues (which it answers; and pro or con, two bits an
issue, so that `a & b` keeps exactly the issues both answer alike), a pair is
computed when it is read, and the summaries are found with one bit set per
issue over all the maps, a bit per map: how many pairs share an issue, and
the pairs that agree most and least. Memory grows with the number of maps;
the summaries cost a few operations on those sets per map.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from math import comb

from argmap.model import ArgMap

# Two bits an issue: two pro answers share the low bit, two con answers the
# high one, and a mixed answer has neither: two mixed answers each weigh the
# question their own way, so they are not counted as agreeing.
_ALIKE = {"pro": 1, "con": 2}


@dataclass(frozen=True)
class Pair:
    a: ArgMap
    b: ArgMap
    shared: int
    agree: int

    @property
    def share(self) -> float | None:
        return self.agree / self.shared if self.shared else None


class Agreement:
    """Every pair of maps, `a` before `b` in the comparison's order (year,
    then id), read one at a time."""

    def __init__(self, maps: list[ArgMap], issues: list, positions: dict) -> None:
        self.maps = maps
        place = {m.id: i for i, m in enumerate(maps)}
        asked = [0] * len(maps)
        alike = [0] * len(maps)
        self._counts = []  # per issue: (maps answering, pro, con)
        for k, issue in enumerate(issues):
            row = positions[issue.id]
            for map_id, p in row.items():
                i = place[map_id]
                asked[i] |= 1 << k
                alike[i] |= _ALIKE.get(p.stance, 0) << (2 * k)
            stances = [p.stance for p in row.values()]
            self._counts.append((len(stances), stances.count("pro"), stances.count("con")))
        self._asked, self._alike = asked, alike
        self._place = place

    def __len__(self) -> int:
        return comb(len(self.maps), 2)

    def __iter__(self) -> Iterator[Pair]:
        maps, asked, alike = self.maps, self._asked, self._alike
        for i, a in enumerate(maps):
            qa, va = asked[i], alike[i]
            for j in range(i + 1, len(maps)):
                yield Pair(a, maps[j], (qa & asked[j]).bit_count(), (va & alike[j]).bit_count())

    def pair(self, a: ArgMap, b: ArgMap) -> Pair:
        i, j = sorted((self._place[a.id], self._place[b.id]))
        return Pair(
            self.maps[i], self.maps[j], (self._asked[i] & self._asked[j]).bit_count(), (self._alike[i] & self._alike[j]).bit_count()
        )

    def totals(self) -> tuple[int, int]:
        """Over all pairs, the issues shared and those answered alike: per
        issue, every two maps that answer it share it, and every two that
        answer it pro (or con) agree — counted, not listed."""
        shared = sum(comb(n, 2) for n, _, _ in self._counts)
        agree = sum(comb(pro, 2) + comb(con, 2) for _, pro, con in self._counts)
        return shared, agree

    def _sets(self, bit: list[int]) -> tuple[list[int], list[int], list[int]]:
        """Per issue, the maps that answer it, pro, and con: one bit each, at
        the map's place in `bit`."""
        issues = len(self._counts)
        answer, pro, con = [0] * issues, [0] * issues, [0] * issues
        for i, (qa, va) in enumerate(zip(self._asked, self._alike)):
            b = 1 << bit[i]
            for k in _bits(qa):
                answer[k] |= b
                vote = va >> (2 * k) & 3
                if vote == 1:
                    pro[k] |= b
                elif vote == 2:
                    con[k] |= b
        return answer, pro, con

    def sharing(self) -> int:
        """How many pairs share at least one issue."""
        answer, _, _ = self._sets(list(range(len(self.maps))))
        total = 0
        for i, qa in enumerate(self._asked):
            reach = 0
            for k in _bits(qa):
                reach |= answer[k]
            total += (reach >> (i + 1)).bit_count()
        return total

    def ranked(self, count: int, least: bool = False) -> list[Pair]:
        """The `count` pairs that share an issue and agree most, by share,
        then by how many issues they share, then by the two map ids; with
        `least`, the last ones of that order, last first.

        Exactly `sorted(pairs)[:count]` (or `[::-1][:count]`) without the
        pairs: for each map, bit-sliced counters over all later maps give
        every partner's shared and agreeing issues at once, and only the
        values that can still enter the list are read out of them."""
        maps = self.maps
        n = len(maps)
        if n < 2 or count <= 0:
            return []
        # Bits stand in id order (reversed for `least`), so that the lowest
        # bits of a set are the pairs that come first on a tie.
        order = sorted(range(n), key=lambda i: maps[i].id or "", reverse=least)
        bit = [0] * n
        for position, i in enumerate(order):
            bit[i] = position
        answer, pro, con = self._sets(bit)
        everything = (1 << n) - 1
        later = everything
        best: list[tuple[tuple, int, int]] = []  # (value key, bit of a, bit of b), best first
        for i in range(n):  # a in the comparison's order, so `later` holds the b's
            later ^= 1 << bit[i]
            qa, va = self._asked[i], self._alike[i]
            if not later or not qa:
                continue
            issues = list(_bits(qa))
            votes = [pro[k] if va >> (2 * k) & 1 else con[k] for k in issues if va >> (2 * k) & 3]
            worst = best[-1][0] if len(best) >= count else None
            shared_planes = agree_planes = None
            equal_shared: dict[int, int] = {}
            for key, s, g in _values(len(issues), len(votes), least):
                if worst is not None and key > worst:
                    break
                if shared_planes is None:
                    shared_planes = _counters(answer[k] for k in issues)
                    agree_planes = _counters(votes)
                if s not in equal_shared:
                    equal_shared[s] = _equal(shared_planes, s, later, everything)
                mask = equal_shared[s] and _equal(agree_planes, g, equal_shared[s], everything)
                found = [(key, bit[i], b) for b in _lowest(mask, count)]
                if found:
                    best = sorted(best + found)[:count]
                    worst = best[-1][0] if len(best) >= count else None
        return [self._pair(order[x], order[y]) for _, x, y in best]

    def _pair(self, i: int, j: int) -> Pair:
        return self.pair(self.maps[i], self.maps[j])


def _bits(mask: int) -> Iterator[int]:
    k = 0
    while mask:
        if mask & 1:
            yield k
        mask >>= 1
        k += 1


def _lowest(mask: int, count: int) -> Iterator[int]:
    """The positions of the lowest `count` set bits."""
    while mask and count:
        low = mask & -mask
        yield low.bit_length() - 1
        mask ^= low
        count -= 1


def _counters(sets) -> list[int]:
    """Bit-sliced counters: plane p holds bit p of how many of `sets` hold
    each position (a ripple-carry adder run on all positions at once)."""
    planes: list[int] = []
    for carry in sets:
        for p, plane in enumerate(planes):
            if not carry:
                break
            planes[p], carry = plane ^ carry, plane & carry
        if carry:
            planes.append(carry)
    return planes


def _equal(planes: list[int], value: int, within: int, everything: int) -> int:
    """The positions in `within` whose counter equals `value`. (The planes
    always reach `value`: the map's own position counts every issue it
    answers.)"""
    mask = within
    for p, plane in enumerate(planes):
        mask &= plane if value >> p & 1 else everything ^ plane
        if not mask:
            break
    return mask


_VALUES: dict[tuple[int, int, bool], list] = {}


def _values(asked: int, votes: int, least: bool) -> list[tuple[tuple, int, int]]:
    """Every (shared, agree) a map's pairs can have, as (key, shared, agree),
    in the order of the ranking: share, then issues shared (reversed for
    `least`)."""
    cache = (asked, votes, least)
    if cache not in _VALUES:
        sign = 1 if least else -1
        out = [((sign * g / s, sign * s), s, g) for s in range(1, asked + 1) for g in range(min(s, votes) + 1)]
        _VALUES[cache] = sorted(out)
    return _VALUES[cache]
