"""The json-file log reader of `logs` (shim/json_log.py): entries as the logger writes them,
and None, which leaves the log to nerdctl, for anything it does not understand."""

from __future__ import annotations

import pytest

from shim.json_log import MAX_DIRECT, pieces

OUT = '{"log":"out1\\n","stream":"stdout","time":"2026-12-03T04:32:22.22620608Z"}\n'
ERR = '{"log":"err \\u00fc \\"q\\"\\n","stream":"stderr","time":"2026-12-03T04:32:22.3Z"}\n'
PART = '{"log":"part","stream":"stdout","time":"2026-12-03T04:32:23Z"}\n'


def test_entries_go_to_their_streams_in_order_and_runs_are_joined(tmp_path):
    log = tmp_path / "c-json.log"
    log.write_text(OUT + PART + ERR + OUT)
    assert pieces(str(log), -1, False) == [(1, b"out1\npart"), (2, 'err ü "q"\n'.encode()), (1, b"out1\n")]
    assert pieces(str(log), 2, False) == [(2, 'err ü "q"\n'.encode()), (1, b"out1\n")]
    assert pieces(str(log), 0, False) == []
    assert pieces(str(log), 9, True)[0] == (1, b"2026-12-03T04:32:22.22620608Z out1\n"
                                              b"2026-12-03T04:32:23Z part")


@pytest.mark.parametrize("content", [
    '{"log":"x","stream":"stdin","time":"2026Z"}\n',  # a stream nerdctl refuses
    '{"log":1,"stream":"stdout"}\n',  # not a string
    '{"log":"cut short\n',  # a string cut short
    '{"log":"x","stream":"stdout"} trailing\n',
    'not json\n',
    '{"log":"x","stream":"stdout","time":"2026-12-03T04:32:23+01:00"}\n',  # -t of another zone
])
def test_what_the_reader_does_not_understand_goes_to_nerdctl(tmp_path, content):
    log = tmp_path / "c-json.log"
    log.write_text(content)
    assert pieces(str(log), -1, True) is None


def test_a_large_or_missing_log_goes_to_nerdctl(tmp_path):
    log = tmp_path / "c-json.log"
    log.write_text(OUT * (MAX_DIRECT // len(OUT) + 1))
    assert pieces(str(log), 1, False) is None
    assert pieces(str(tmp_path / "missing"), -1, False) is None
    bad = tmp_path / "bad-json.log"
    bad.write_bytes(b'{"log":"\xff","stream":"stdout"}\n')
    assert pieces(str(bad), -1, False) is None
