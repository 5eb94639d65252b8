"""Why the scenarios where pydock does not match the reference, Docker Engine 29, are allowed to differ: each
entry says what differs and why (differences from Engine 20.10 alone are where the two engines differ).

docs/compat.md prints these next to the results; tests/compat/test_compat.py checks that every failing
scenario of the checked-in run (docs/compat-results.json) has one here. Data only.
"""

from __future__ import annotations

EXPLAINED: dict[str, str] = {
}
