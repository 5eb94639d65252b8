"""docker's builder commands on the real stack: `buildx ls` / `buildx inspect` show the test namespace's buildkitd
as docker's default builder, and `builder prune` / `buildx prune` empty its cache with buildx's report."""

from __future__ import annotations

import json
import re
import subprocess

import pytest

from tests.conftest import pydock
from tests.integration.conftest import NAMESPACE, unique_tag
from tests.integration.test_build import builder  # noqa: F401 - the namespace's buildkitd, a fixture


@pytest.fixture
def cached(builder, busybox, tmp_path):  # noqa: F811
    """A build whose cache buildkitd keeps (an image removed afterwards)."""
    tag = unique_tag("pydock-builder-it")
    (tmp_path / "Dockerfile").write_text(f"FROM busybox\nRUN echo {tag} > /made\n")
    built = pydock("build", "-q", "-t", tag, str(tmp_path), timeout=180)
    assert built.returncode == 0, built.stderr
    yield tag
    subprocess.run(["nerdctl", "-n", NAMESPACE, "rmi", "-f", tag], capture_output=True, check=False)


def test_ls_shows_the_namespace_buildkitd_as_the_default_builder(builder):  # noqa: F811
    table = pydock("buildx", "ls")
    assert table.returncode == 0, table.stderr
    lines = table.stdout.splitlines()
    assert lines[0].split() == ["NAME/NODE", "DRIVER/ENDPOINT", "STATUS", "BUILDKIT", "PLATFORMS"]
    assert lines[1].split() == ["default*", "docker"]
    assert re.match(r" \\_ default +\\_ default +running +v0\.31\.2 +linux/amd64", lines[2]), lines[2]
    data = json.loads(pydock("buildx", "ls", "--format", "json").stdout)
    node = data["Nodes"][0]
    assert (data["Name"], node["Status"], node["Version"]) == ("default", "running", "v0.31.2")
    # the worker of this namespace's own buildkitd, not the default namespace's
    assert node["Labels"]["org.mobyproject.buildkit.worker.containerd.namespace"] == NAMESPACE
    assert pydock("builder", "ls").returncode == 1  # docker 28.2.2's own `builder` group has no ls


def test_inspect_and_version(cached):
    inspect = pydock("buildx", "inspect")
    assert inspect.returncode == 0, inspect.stderr
    # the namespace's builder has built (the build records tell when), so buildx's Last Activity line shows
    assert re.match(r"Name: +default\nDriver: +docker\nLast Activity: \d{4}-\d\d-\d\d \d\d:\d\d:\d\d \+0000 UTC\n"
                    r"\nNodes:\nName: +default\n", inspect.stdout), inspect.stdout
    assert f"org.mobyproject.buildkit.worker.containerd.namespace: {NAMESPACE}\n" in inspect.stdout
    assert "GC Policy rule#0:\n All:  " in inspect.stdout
    version = pydock("buildx", "version")
    assert (version.returncode, version.stdout.split()[0]) == (0, "github.com/docker/buildx")


def test_prune_asks_then_reports_what_went(cached):
    declined = pydock("builder", "prune", "-a", input="n\n")
    assert (declined.returncode, declined.stdout) == (
        0, "WARNING! This will remove all build cache. Are you sure you want to continue? [y/N] ")
    pruned = pydock("builder", "prune", "-a", input="y\n", timeout=120)
    assert pruned.returncode == 0, pruned.stderr
    lines = pruned.stdout.split("[y/N] ", 1)[1].splitlines()
    assert lines[0] == "ID\t\t\t\t\t\tRECLAIMABLE\tSIZE\t\tLAST ACCESSED"
    assert all(re.match(r"[a-z0-9]{25}\*? +\ttrue \t", row) for row in lines[1:-1]), lines
    assert len(lines) > 2 and re.fullmatch(r"Total:\t[0-9.]+[kMG]?B", lines[-1]), lines
    again = pydock("buildx", "prune", "-af", timeout=120)
    assert (again.returncode, again.stdout, again.stderr) == (0, "Total:\t0B\n", "")


def test_prune_filters_and_builder_names(cached):
    kept = pydock("builder", "prune", "-af", "--filter", "until=240h", timeout=120)
    assert (kept.returncode, kept.stdout) == (0, "Total:\t0B\n")  # everything is newer than ten days
    bad = pydock("builder", "prune", "-f", "--filter", "until=soon")
    assert (bad.returncode, bad.stderr) == (
        1, "ERROR: \"until\" filter expects a duration (e.g., '24h'): time: invalid duration \"soon\"\n")
    other = pydock("buildx", "prune", "-f", "--builder", "elsewhere")
    assert (other.returncode, other.stderr) == (1, 'ERROR: no builder "elsewhere" found\n')
    verbose = pydock("buildx", "prune", "-af", "--verbose", timeout=120)
    assert verbose.returncode == 0, verbose.stderr
    assert verbose.stdout.startswith("ID:\t\t") and "\nReclaimable:\ttrue\n" in verbose.stdout


def test_buildx_group_help_and_refusals():
    bare = pydock("buildx")
    assert bare.returncode == 0 and bare.stdout.startswith("Usage:  docker buildx [OPTIONS] COMMAND\n")
    assert "\n  ls          List builder instances\n" in bare.stdout
    unknown = pydock("buildx", "frobnicate")
    assert (unknown.returncode, unknown.stderr) == (1, 'ERROR: unknown command: "frobnicate"\n')
    refused = pydock("buildx", "create", "--use")
    assert refused.returncode == 1 and refused.stderr.startswith("ERROR: 'docker buildx create' is not supported")
