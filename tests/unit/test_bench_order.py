"""The benchmarks' round order (tests/bench/order.py): every column follows every other equally often."""

from collections import Counter

import pytest

from tests.bench.order import balanced


@pytest.mark.parametrize("n", [2, 3, 4, 5, 6])
def test_each_column_follows_each_other_equally_often(n: int) -> None:
    columns = [f"c{i}" for i in range(n)]
    period = n if n % 2 == 0 else 2 * n
    rounds = [balanced(columns, r) for r in range(period)]
    assert all(sorted(row) == columns for row in rounds)  # each round runs every column once
    follows = Counter((row[i], row[i + 1]) for row in rounds for i in range(n - 1))
    assert len(follows) == n * (n - 1)  # every ordered pair occurs
    assert len(set(follows.values())) == 1  # and as often as any other
    firsts = Counter(row[0] for row in rounds)
    assert len(firsts) == n and len(set(firsts.values())) == 1


def test_a_rotation_would_not_do() -> None:
    # the old order (A B C D, B C D A, …) always put A before B; the balanced one does not
    rounds = [balanced(["A", "B", "C", "D"], r) for r in range(4)]
    before_b = {row[row.index("B") - 1] for row in rounds if row.index("B")}
    assert before_b == {"A", "C", "D"}
