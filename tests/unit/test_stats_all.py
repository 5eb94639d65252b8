"""`stats` without container names on nerdctl (stats_all.py): pydock lists the containers and names them, since
nerdctl 2.3.5's own listing of all of them panics on another namespace's container creation. The steps are fed
the results nerdctl gives (tests/integration/test_stats_churn.py runs them on the real stack)."""

from __future__ import annotations

import json

import pytest

from shim.backends import Context
from shim.backends import nerdctl as backend
from shim.backends.nerdctl import stats_all
from shim.parse import parse_command
from shim.plan import CAPTURE, FOLLOW, PREPARE, Done, Plan, Result
from shim.spec import others

A, B, C = "a" * 64, "b" * 64, "c" * 64
HEADER = "CONTAINER ID   NAME      CPU %     MEM USAGE / LIMIT   MEM %     NET I/O   BLOCK I/O   PIDS\n"
LISTING = ["nerdctl", "ps", "--all", "--no-trunc", "--format", "{{.ID}}\t{{.Status}}"]
# `nerdctl ps --all` lines, newest first: B runs, A has exited, C is paused
PS = f"{B}\tUp 2 seconds\n{A}\tExited (0) 1 second ago\n{C}\tPaused\n".encode()


@pytest.fixture(autouse=True)
def _ask_nerdctl(monkeypatch):
    monkeypatch.setenv("PYDOCK_CONTAINERD_API", "0")  # the listing asked of nerdctl: no containerd read here


def plan_of(*argv: str) -> Plan | Done:
    canonical, command = others.lookup("stats")  # type: ignore[misc]
    return backend.translate(parse_command(list(argv), command, canonical), Context("nerdctl", "nerdctl"))


def row(cid: str, name: str) -> bytes:
    return json.dumps({"Name": name, "ID": cid, "CPUPerc": "0.00%", "MemUsage": "1MiB / 2GiB", "MemPerc": "0.05%",
                       "NetIO": "0B / 0B", "BlockIO": "0B / 0B", "PIDs": "1"}).encode() + b"\n"


def stats_argv(*ids: str) -> list[str]:
    return ["nerdctl", "stats", "--no-stream", "--no-trunc", "--format={{json .}}", *ids]


@pytest.mark.parametrize(("flags", "ids"), [([], [B, C]), (["-a"], [B, A, C]), (["--all=true"], [B, A, C])])
def test_the_containers_docker_lists_are_named_to_nerdctl(flags, ids):
    listing = plan_of("--no-stream", *flags)
    assert (listing.argv, listing.mode) == (LISTING, CAPTURE)
    sampled = listing.then(Result(0, PS))
    assert (sampled.argv, sampled.mode) == (stats_argv(*ids), CAPTURE)


def test_rows_of_containers_gone_meanwhile_are_left_out():
    sampled = plan_of("--no-stream", "--format", "{{json .}}").then(Result(0, PS))
    relisted = sampled.then(Result(0, row(B, "web") + row(C, "db")))
    assert relisted.argv == LISTING  # listed again once sampled
    done = relisted.then(Result(0, f"{B}\tUp 3 seconds\n".encode()))  # C went away during the sample
    assert [json.loads(line)["Container"] for line in done.stdout.splitlines()] == [B[:12]]
    assert (done.code, done.stderr) == (0, "")


def test_a_container_gone_before_nerdctl_found_it_is_dropped_and_nerdctl_asked_again():
    sampled = plan_of("--no-stream").then(Result(0, PS))
    missing = f'time="2026-12-03T15:50:06Z" level=fatal msg="no such container: {C}"'
    again = sampled.then(Result(1, b"", [missing]))
    assert again.argv == stats_argv(B)
    assert stats_all.vanished([missing, 'time="x" level=warning msg="other"']) == {C}


def test_no_containers_is_docker_header_without_nerdctl():
    done = plan_of("--no-stream").then(Result(0, f"{A}\tExited (0) 1 second ago\n".encode()))
    assert (done.code, done.stdout) == (0, HEADER)
    assert plan_of("--no-stream", "--format", "json").then(Result(0, b"")).stdout == ""


def test_a_template_that_does_not_parse_fails_before_anything_runs():
    done = plan_of("--no-stream", "--format", "{{.Foo")
    assert (done.code, done.stdout, done.stderr) == (1, "", "template parsing error: template: :1: unclosed action")


def test_unsampled_lines_about_a_gone_container_are_not_shown():
    sampled = plan_of("--no-stream", "--format", "{{.Name}}").then(Result(0, PS))
    said = [f'unable to get stat entry: container "{C}" in namespace "default": not found',
            "unable to get stat entry: timeout waiting for stats"]
    done = sampled.then(Result(0, row(B, "web") + row(C, "db"), said)).then(Result(0, f"{B}\tUp\n".encode()))
    assert (done.stdout, done.stderr) == ("web\n", "unable to get stat entry: timeout waiting for stats\n")


def test_live_view_is_frames_with_the_containers_listed_anew():
    listing = plan_of("--format", "{{.Name}}")
    assert listing.signals == FOLLOW  # Ctrl-C ends it 130, SIGTERM 143, silently, as docker's client
    sampled = listing.then(Result(0, PS))
    assert sampled.signals == FOLLOW
    shown = sampled.then(Result(0, row(B, "web") + row(C, "db"))).then(Result(0, PS))
    assert (shown.mode, shown.stdout_text, shown.pause) == (
        PREPARE, "\x1b[Hweb\ndb\n\x1b[Hweb \x1b[K\ndb \x1b[K\n \x1b[K\n\x1b[J", 0.0)
    assert shown.then(Result(0)).argv == LISTING  # the next frame's listing
    empty = listing.then(Result(0, b""))
    assert (empty.stdout_text, empty.pause) == ("\x1b[H\x1b[H \x1b[K\n\x1b[J", stats_all.FRAME_PAUSE)
    assert empty.signals == FOLLOW  # the wait between two frames ends as the sample does


def test_docker_frame_bytes():
    # docker 28.2.2 on Engine 29 with no containers, table format (measured)
    assert stats_all.frame(HEADER) == (f"\x1b[H{HEADER}\x1b[H{HEADER[:-1]} \x1b[K\n \x1b[K\n\x1b[J")


def test_chosen_orders_newest_first_and_keeps_running_ones():
    found = [(A, (10, 0), "running"), (B, (12, 5), ""), (C, (12, 1), "paused"), ("d" * 64, (11, 0), "stopped")]
    assert stats_all.chosen(found, everything=False) == [C, A]
    assert stats_all.chosen(found, everything=True) == [B, C, "d" * 64, A]


def test_names_given_keep_nerdctl_s_own_command():
    plan = plan_of("--no-stream", "web")
    assert plan.argv[:2] == ["nerdctl", "stats"] and plan.argv[-1] == "web"
