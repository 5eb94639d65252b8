"""The scale benchmark's Markdown: one table of every row, then what the listings printed."""

from __future__ import annotations

import statistics
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tests.bench.scale import Row

COLUMNS = ("pydock", "nerdctl", "Engine 20.10", "Engine 29")


def _cell(row: Row, column: str) -> str:
    if column in row.failed:
        return f"failed (exit {row.failed[column]})"
    ms = [t * 1000 for t in row.times.get(column, [])]
    if not ms:
        return "—"
    return f"{statistics.median(ms):.0f} ({min(ms):.0f}-{max(ms):.0f})"


def _pairs(row: Row) -> tuple[float, float] | None:
    a, b = row.times.get("pydock", []), row.times.get("nerdctl", [])
    if not a or len(a) != len(b):
        return None
    return (statistics.median(x - y for x, y in zip(a, b, strict=True)) * 1000,
            statistics.median(x / y for x, y in zip(a, b, strict=True)))


def _verdict(row: Row) -> str:
    pairs = _pairs(row)
    if pairs is None or "pydock" not in row.times:
        return "not measured"
    diff, ratio = pairs
    own = statistics.median(row.times["pydock"]) * 1000
    value = {"ratio": ratio, "diff": diff, "ms": own}[row.target.kind]
    verdict = "**met**" if value <= row.target.limit else "not met"
    engine = row.target.stretch_engine
    if engine and row.times.get(engine):
        met = own <= statistics.median(row.times[engine]) * 1000
        verdict += "; stretch " + ("met" if met else "not met")
    return verdict


def _rss(row: Row) -> str:
    mib = [max(row.rss_kib[c]) / 1024 for c in ("pydock", "nerdctl") if row.rss_kib.get(c)]
    return " / ".join(f"{m:.0f}" for m in mib) or "—"


def render(results: list[tuple[int, Row]], *, when: str, machine: str, seconds: float, quick: bool,
           namespace: str, load: tuple[float, float]) -> str:
    lines = [
        f"Measured {when} on {machine}, by `python -m tests.bench.scale{' --quick' if quick else ''}` "
        f"({seconds / 60:.0f} minutes with setup and clean-up; 1-minute load average {load[0]:.1f} at the start "
        f"and {load[1]:.1f} at the end, other work included); namespace `{namespace}`. Milliseconds of wall "
        "time: median (min-max) of runs in a balanced order (each tool after each other equally often) after one warm-up round; pydock - nerdctl and pydock / "
        "nerdctl are medians of the rounds' pairs. Peak RSS is wait4's ru_maxrss in MiB (pydock / nerdctl), "
        "the largest of the process and the children it waited for.",
        "",
        "| command | pydock | nerdctl | Engine 20.10 | Engine 29 | pydock - nerdctl | pydock / nerdctl | target "
        "| met | peak RSS MiB | rounds |",
        "|---|---:|---:|---:|---:|---:|---:|---|---|---:|---:|",
    ]
    for _, row in results:
        pairs = _pairs(row)
        diff, ratio = (f"{pairs[0]:+.0f}", f"{pairs[1]:.2f}") if pairs else ("—", "—")
        rounds = len(row.times.get("pydock", []))
        lines.append(f"| {row.label} | " + " | ".join(_cell(row, c) for c in COLUMNS)
                     + f" | {diff} | {ratio} | {row.target.text()} | {_verdict(row)} | {_rss(row)} | {rounds} |")
    listed = [(row.label, row.printed_rows) for _, row in results if row.printed_rows]
    if listed:
        lines += ["", "Rows each listing printed (header excluded; the engines are shared, so other work's objects "
                  "can add to theirs):", ""]
        lines += [f"- {label}: " + ", ".join(f"{k} {v}" for k, v in counts.items()) for label, counts in listed]
    return "\n".join(lines)
