"""The order in which a benchmark round runs its columns.

Rotating one fixed order (A B C D, then B C D A, …) changes who goes first but not who goes after whom: B always
follows A. A tool that leaves work behind (a daemon's clean-up after `run --rm`, containerd's garbage collection)
then slows the same neighbour in every round. A balanced Latin square (Williams' design) gives every column each
other column as its predecessor equally often: for an even count the rows 0, 1, n-1, 2, n-2, … shifted by the
round; for an odd count those rows and their reverses.
"""

from __future__ import annotations

from typing import TypeVar

T = TypeVar("T")


def _rows(n: int) -> list[list[int]]:
    first, low, high = [0], 1, n - 1
    while len(first) < n:
        first.append(low)
        low += 1
        if len(first) < n:
            first.append(high)
            high -= 1
    rows = [[(i + shift) % n for i in first] for shift in range(n)]
    return rows if n % 2 == 0 else rows + [row[::-1] for row in rows]


def balanced(items: list[T], round_: int) -> list[T]:
    """`items` in the order of round `round_`."""
    rows = _rows(len(items))
    return [items[i] for i in rows[round_ % len(rows)]]
