"""The stderr relay: container output passes at once, backend log records are held back."""

from __future__ import annotations

import pytest

from shim.execute import StderrRelay

PREFIX = b'time="'


@pytest.mark.parametrize(
    ("chunks", "passed", "records"),
    [
        ([b"hello\n"], b"hello\n", []),
        ([b"/ # "], b"/ # ", []),  # a prompt without newline is not held back
        ([b'time="x" level=fatal msg="boom"\n'], b"", ['time="x" level=fatal msg="boom"']),
        ([b'ti', b'me="x" level=fatal', b' msg="boom"\nafter\n'], b"after\n", ['time="x" level=fatal msg="boom"']),
        ([b"ti", b"red\n"], b"tired\n", []),
        ([b"out ", b'time="not a record at line start"\n'], b'out time="not a record at line start"\n', []),
        ([b'a\ntime="r" level=error msg="e"\nb'], b"a\nb", ['time="r" level=error msg="e"']),
        ([b'time="unterminated'], b"", ['time="unterminated']),
    ],
)
def test_relay(capfdbinary, chunks, passed, records):
    relay = StderrRelay(PREFIX)
    for chunk in chunks:
        relay.feed(chunk)
    got_records = relay.finish()
    assert capfdbinary.readouterr().err == passed
    assert got_records == records


@pytest.mark.parametrize(
    ("chunks", "passed", "records"),
    [
        # build holds back buildctl's closing `error: ` line as well as nerdctl's records
        ([b"#5 ERROR: x\n", b"err", b"or: failed to solve: x\n", b'time="t" level=fatal msg="exit status 1"\n'],
         b"#5 ERROR: x\n", ["error: failed to solve: x", 'time="t" level=fatal msg="exit status 1"']),
        ([b"e", b"rrands\n"], b"errands\n", []),
    ],
)
def test_relay_with_several_prefixes(capfdbinary, chunks, passed, records):
    relay = StderrRelay((PREFIX, b"error: "))
    for chunk in chunks:
        relay.feed(chunk)
    got_records = relay.finish()
    assert capfdbinary.readouterr().err == passed
    assert got_records == records


@pytest.mark.parametrize("argv", [["nerdctl", "run", "busybox"], ["a b", "", "it's", "$HOME", "x\ny", "--name=ok"],
                                  ["ünï", "*", "a'b\"c"]])
def test_quote_matches_shlex(argv):
    import shlex

    from shim.execute import quote

    assert quote(argv) == shlex.join(argv)
    assert shlex.split(quote(argv)) == argv


def test_relay_dropping_output_keeps_the_records(capfdbinary):
    # `run -a stdout`: the container's stderr is not attached, nerdctl's errors are still restated
    relay = StderrRelay(PREFIX, show=False)
    for chunk in (b"container err\n", b'time="x" level=fatal msg="boom"\n', b"partial"):
        relay.feed(chunk)
    assert relay.finish() == ['time="x" level=fatal msg="boom"']
    assert capfdbinary.readouterr().err == b""
