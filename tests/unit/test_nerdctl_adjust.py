"""Rewrites of what commands passed to nerdctl print, where docker prints otherwise (issue 9, item 5)."""

from __future__ import annotations

import pytest

from shim.backends.nerdctl import adjust
from shim.plan import Done, Result

D = "Error response from daemon: "


def test_errors_follow_the_order_of_the_arguments():
    stderr = f"{D}network b not found\n{D}network a not found\nexit status 1"
    assert adjust.in_argument_order(stderr, ["a", "b"]) == f"{D}network a not found\n{D}network b not found\nexit status 1"


@pytest.mark.parametrize(("stdout", "formatted", "stderr", "expected"), [
    (b"", False, f"{D}network n not found", (1, "[]\n")),  # nerdctl prints nothing; docker `[]`
    (b"[]\n\n", False, f"{D}get v: no such volume", (1, "[]\n")),  # nerdctl adds a blank line
    (b"", True, f"{D}get v: no such volume", (1, "\n")),  # with --format: an empty line
    (b'[{"Name": "v"}]\n\n', False, "", (0, '[{"Name": "v"}]\n')),
    (b"n1\n", True, f"{D}network n not found", (1, "n1\n")),  # nerdctl exits 0 when some are found
])
def test_volume_and_network_inspect_output(stdout, formatted, stderr, expected):
    done = adjust.listing_output(Result(0, stdout), formatted, Done(0, "", stderr), ["n1", "n"])
    assert (done.code, done.stdout) == expected


@pytest.mark.parametrize(("tail", "stderr", "expected"), [
    (["-f", "v1"], 'WARNING: volume "v1": not found\nsome volumes could not be removed', (0, "v1\n", "")),
    (["v1"], 'WARNING: volume "v1": not found\nsome volumes could not be removed',
     (1, "", f"{D}get v1: no such volume")),
])
def test_volume_rm(tail, stderr, expected):
    done = adjust.ERRORS["volume rm"](tail, Done(1, "", stderr))
    assert (done.code, done.stdout, done.stderr) == expected


@pytest.mark.parametrize(("tail", "expected"), [
    (["nope", "x"], f"{D}No such container: nope\nError: failed to rename container named nope"),
    (["-h"], f"{D}No such container: nope"),  # no positional: nothing to name
])
def test_rename_names_the_container_it_failed_on(tail, expected):
    assert adjust.ERRORS["rename"](tail, Done(1, "", f"{D}No such container: nope")).stderr == expected


@pytest.mark.parametrize(("tail", "listed"), [
    (["nope"], True), (["-a", "nope"], False), (["-ai", "nope"], False), (["--attach", "nope"], False),
    (["--interactive=false", "nope"], True),
])
def test_start_lists_failures_unless_attaching(tail, listed):
    done = adjust.ERRORS["start"](tail, Done(1, "", f"{D}No such container: nope"))
    assert done.stderr.endswith("Error: failed to start containers: nope") is listed
