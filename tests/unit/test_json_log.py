"""docker's json-file log as pydock writes it (shim/ctr_logger.py, the ctr backend's logger) and reads it with
docker's options (shim/json_log.py): the logger's lines, docker's --since/--until values, the entries chosen."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from shim import ctr_logger
from shim.json_log import Options, moment_ns, pieces, stamp_ns

NOW = 1_800_000_000.0  # 2027-01-15T08:00:00Z


def test_the_logger_writes_dockers_entries():
    line = ctr_logger.entry("a<&>\u2028 é \x01\n".encode(), "stderr", 1_700_000_000_000_000_042)
    assert line == (b'{"log":"a\\u003c\\u0026\\u003e\\u2028 \xc3\xa9 \\u0001\\n","stream":"stderr",'
                    b'"time":"2023-11-14T22:13:20.000000042Z"}\n')
    assert json.loads(line)["log"] == "a<&>\u2028 é \x01\n"
    assert json.loads(ctr_logger.entry(b"\xff\n", "stdout", 0))["log"] == "\ufffd\n"  # as Go replaces it


def test_the_logger_cuts_lines_as_docker_does():
    assert ctr_logger.lines(b"a\nb\nc", last=False) == ([b"a\n", b"b\n"], b"c")
    assert ctr_logger.lines(b"c", last=True) == ([b"c"], b"")
    long = b"x" * (ctr_logger.PARTIAL + 5) + b"\n"
    assert ctr_logger.lines(long, last=False) == ([b"x" * ctr_logger.PARTIAL, b"xxxxx\n"], b"")


@pytest.mark.parametrize(("value", "expected"), [
    ("10m", int(NOW * 10**9) - 600 * 10**9),
    ("1h30m", int(NOW * 10**9) - 5400 * 10**9),
    ("1.5s", int(NOW * 10**9) - 1_500_000_000),
    ("0", 0),
    ("1700000000", 1_700_000_000 * 10**9),
    ("1700000000.25", 1_700_000_000_250_000_000),
    ("2023-11-14T22:13:20Z", 1_700_000_000 * 10**9),
    ("2023-11-14T22:13:20.000000042Z", 1_700_000_000_000_000_042),
    ("2023-11-14T23:13:20+01:00", 1_700_000_000 * 10**9),
    ("2023-11-14T22:13Z", 1_699_999_980 * 10**9),
])
def test_since_and_until_values_as_docker_reads_them(value, expected):
    assert moment_ns(value, NOW) == expected


def test_a_date_without_a_zone_is_local_time():
    os.environ["TZ"] = "UTC"
    try:
        assert moment_ns("2023-11-14", NOW) == 1_699_920_000 * 10**9
    finally:
        del os.environ["TZ"]


@pytest.mark.parametrize("value", ["xyz", "10", "2023-13", "1h-", "2023-11-14T22:13:20 Z", "5x"])
def test_what_docker_cannot_read_is_refused(value):
    if value == "10":  # a bare number is a Unix time, not an error
        assert moment_ns(value, NOW) == 10 * 10**9
        return
    with pytest.raises(ValueError):
        moment_ns(value, NOW)


def test_entries_are_chosen_by_time_tail_and_shaped_with_details(tmp_path: Path):
    log = tmp_path / "c-json.log"
    times = ["2023-11-14T22:13:20.000000001Z", "2023-11-14T22:13:21.000000000Z", "2023-11-14T22:13:22.5Z"]
    log.write_bytes(b"".join(ctr_logger.entry(f"l{i}\n".encode(), "stdout", stamp_ns(t) or 0)
                             for i, t in enumerate(times)))
    assert stamp_ns(times[2]) == 1_700_000_002_500_000_000
    since = Options(since=stamp_ns(times[1]) or 0)  # inclusive
    assert pieces(str(log), -1, False, options=since, limit=None) == [(1, b"l1\nl2\n")]
    until = Options(until=stamp_ns(times[1]) or 0)
    assert pieces(str(log), -1, False, options=until, limit=None) == [(1, b"l0\nl1\n")]
    detailed = Options(tail=1, timestamps=True, details=True)
    assert pieces(str(log), 1, True, options=detailed, limit=None) == [(1, b"2023-11-14T22:13:22.500000000Z  l2\n")]


def test_no_module_beside_the_logger_hides_a_standard_one():
    """The shim runs shim/ctr_logger.py as a script: its folder comes first on sys.path, so no module there may
    share a name with one of Python's own."""
    folder = Path(ctr_logger.__file__).parent
    own = {p.stem for p in folder.glob("*.py")} | {p.name for p in folder.iterdir() if p.is_dir()}
    assert not own & set(sys.stdlib_module_names)
