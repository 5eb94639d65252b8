"""docker system prune on the nerdctl backend: docker CLI 28.2.2's question, the parts' order and commands, each
part's section and docker's total (shim/prune.py, shim/backends/nerdctl/system_prune.py): pure, no runtime. The
integration test (tests/integration/test_system_prune.py) runs the whole on the real stack."""

from __future__ import annotations

import pytest

from shim import prune
from shim.backends import Context
from shim.backends import nerdctl as backend
from shim.backends.nerdctl.builder import buildkit_address
from shim.parse import parse_command
from shim.plan import ASK, PREPARE, Done, Plan, Result


def translate(*argv: str) -> Plan | Done:
    from shim.spec import others

    canonical, command = others.lookup("system prune")  # type: ignore[misc]
    parsed = parse_command(list(argv), command, canonical)
    return backend.translate(parsed, Context("nerdctl", "nerdctl", namespace="sp", now=1_000_000.0))


def first_words(plan: Plan) -> list[str]:
    return [" ".join(c) for c in plan.commands()]


@pytest.mark.parametrize(("argv", "lines"), [
    ((), ["all stopped containers", "all networks not used by at least one container", "all dangling images",
          "unused build cache"]),
    (("-a", "--volumes"), ["all stopped containers", "all networks not used by at least one container",
                           "all anonymous volumes not used by at least one container",
                           "all images without at least one container associated to them", "all build cache"]),
])
def test_dockers_question(argv, lines):
    plan = translate(*argv)
    assert isinstance(plan, Plan) and plan.mode == ASK
    assert plan.question == ("WARNING! This will remove:\n" + "".join(f"  - {line}\n" for line in lines)
                             + "\nAre you sure you want to continue? [y/N] ")
    assert isinstance(plan.then(Result(1)), Done) and plan.then(Result(1)).stdout == ""  # "n": nothing runs


@pytest.mark.parametrize(("argv", "parts"), [
    (("-f",), ["ps -a --no-trunc", "network ls", "images --format", "buildctl"]),
    (("-f", "--volumes"), ["ps -a --no-trunc", "network ls", "volume ls", "images --format", "buildctl"]),
])
def test_parts_in_dockers_order(argv, parts):
    plan = translate(*argv)
    assert isinstance(plan, Plan) and plan.mode == PREPARE
    words = first_words(plan)
    starts = [next(i for i, w in enumerate(words) if p in w) for p in parts]
    assert starts == sorted(starts), words


def test_all_reaches_the_build_cache_but_not_the_volumes():
    plan = translate("-f", "-a", "--volumes")
    buildctl = [c for c in plan.commands() if c[0] == "buildctl"]
    assert buildctl == [["buildctl", f"--addr={buildkit_address('sp')}", "prune", "--format={{json .}}", "--all"]]


def test_filter_reaches_each_part_but_labels_not_the_build_cache():
    plan = translate("-f", "--filter", "label=a=b", "--filter", "until=1h")
    buildctl = [c for c in plan.commands() if c[0] == "buildctl"]
    assert buildctl and not any("label" in word for word in buildctl[0]), buildctl
    assert any("--keep-duration" in word or "until" in word for word in buildctl[0]), buildctl


def test_until_with_volumes_is_dockers_client_error():
    from shim.errors import DockerError

    with pytest.raises(DockerError) as raised:
        translate("-f", "--volumes", "--filter", "until=1h")
    assert raised.value.message == 'ERROR: The "until" filter is not supported with "--volumes"'


@pytest.mark.parametrize(("title", "lines", "text"), [
    ("Containers", ["a", "b"], "Deleted Containers:\na\nb\n\n"),
    ("build cache objects", ["x"], "Deleted build cache objects:\nx\n\n"),
    ("Networks", [], ""),
])
def test_section(title, lines, text):
    assert prune.section(title, lines) == text


@pytest.mark.parametrize(("reclaimed", "shown"), [(0, "0B"), (999, "999B"), (516_096, "516.1kB"),
                                                  (1_234_567, "1.235MB")])
def test_total_is_go_units_human_size(reclaimed, shown):
    assert prune.total(reclaimed) == f"Total reclaimed space: {shown}\n"


def test_pruned_is_the_command_output_and_the_part():
    done = prune.Pruned("whole\n", "Deleted Networks:\nn\n\n", 0)
    assert (done.code, done.stdout, done.section, done.reclaimed) == (0, "whole\n", "Deleted Networks:\nn\n\n", 0)
