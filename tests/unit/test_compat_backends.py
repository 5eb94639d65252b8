"""Issue 15: the differential harness per backend, without a runtime: the ctr side's PATH has no nerdctl and
keeps everything else, its environment picks the ctr backend in a namespace of its own, a refusal is recorded,
and docs/compat.md's ctr section counts and groups what the ctr run recorded."""

from __future__ import annotations

import os
import shutil

from shim import docgen
from tests.compat import engines, harness


def _executable(path, body: str = "#!/bin/sh\n") -> None:
    path.write_text(body)
    path.chmod(0o755)


def test_path_without_hides_only_nerdctl_and_keeps_the_order(tmp_path):
    tools, other = tmp_path / "tools", tmp_path / "other"
    for folder, names in ((tools, ("nerdctl", "ctr", "docker-init")), (other, ("ctr", "bash-ish"))):
        folder.mkdir()
        for name in names:
            _executable(folder / name)
    path = engines.path_without(frozenset({"nerdctl"}), f"{tools}{os.pathsep}{other}", tmp_path / "hidden")
    assert shutil.which("nerdctl", path=path) is None
    found_ctr = shutil.which("ctr", path=path)
    assert found_ctr and os.path.realpath(found_ctr) == str(tools / "ctr")  # the first folder's ctr still wins
    assert os.path.realpath(shutil.which("docker-init", path=path)) == str(tools / "docker-init")
    assert path.split(os.pathsep)[1] == str(other)  # a folder without nerdctl is kept as it is


def test_the_ctr_side_runs_pydock_on_ctr_in_its_own_namespace(tmp_path, monkeypatch):
    tools = tmp_path / "tools"
    tools.mkdir()
    _executable(tools / "nerdctl")
    _executable(tools / "ctr")
    monkeypatch.setenv("PATH", f"{tools}{os.pathsep}/usr/bin{os.pathsep}/bin")
    monkeypatch.setenv("PYDOCK_BACKEND", "nerdctl")  # the caller's choice never reaches a side
    dockers, ctr_side = engines.make_sides(tmp_path / "ctr", tmp_path / "bb.tar", ("29",), "ctr")
    assert (ctr_side.backend, ctr_side.namespace) == ("ctr", "pydock-compat-ctr")
    assert ctr_side.env["PYDOCK_BACKEND"] == "ctr" and ctr_side.env["CONTAINERD_NAMESPACE"] == "pydock-compat-ctr"
    assert shutil.which("nerdctl", path=ctr_side.env["PATH"]) is None
    assert shutil.which("docker", path=ctr_side.env["PATH"]) == str(tmp_path / "ctr/pydock/bin/docker")
    assert ctr_side.ctr()[1:] == ("--namespace", "pydock-compat-ctr")
    _, nerdctl_side = engines.make_sides(tmp_path / "nerdctl", tmp_path / "bb.tar", ("29",))
    assert "PYDOCK_BACKEND" not in nerdctl_side.env and nerdctl_side.namespace == "pydock-compat"
    assert shutil.which("nerdctl", path=nerdctl_side.env["PATH"]) == str(tools / "nerdctl")
    assert "PYDOCK_BACKEND" not in dockers[0].env and dockers[0].env["DOCKER_HOST"].endswith("docker.sock")


def test_a_refusal_is_recorded_with_the_result():
    said = ("docker: 'docker build' is not supported by pydock's ctr backend: ctr cannot build images\n"
            "Run 'docker --help' for more information\n")
    run = engines.Run("", said, 1, 0.1)
    assert harness.refused(run) == said.splitlines()[0]
    assert harness.refused(engines.Run("", "Error response from daemon: No such image: x\n", 1, 0.1)) == ""


def test_the_ctr_section_counts_and_groups_refusals():
    build = "docker: 'docker build' is not supported by pydock's ctr backend: ctr cannot build images"
    publish = "docker: unsupported flag: --publish is not supported by pydock's ctr backend: no CNI here"
    results = [{"id": "a", "passed": True}, {"id": "b", "passed": False, "refused": build},
               {"id": "c", "passed": False, "refused": publish}, {"id": "d", "passed": False, "refused": build},
               {"id": "e", "passed": False}]
    run = {"reference": "29", "versions": {"ctr": "ctr v2.3.3", "engines": {"29": "29 (moby x)"}},
           "scenarios": 5, "passed": 1, "pass_rate": 0.2, "results": results}
    assert [docgen.ctr_verdict(r) for r in results] == ["identical", "refused", "refused", "refused", "differs"]
    text = "\n".join(docgen.ctr_section(run, 5))
    assert "against Docker Engine 29 (moby x): 1 of 5 scenarios identical (20.0%).** 3 more differ" in text
    assert "- `docker build` (2): `b`, `d`\n- `--publish` (1): `c`" in text
    assert "Differing otherwise: `e`." in text


def test_refusals_are_grouped_by_what_they_name():
    assert docgen.refusal_cause("unsupported flag: --expose is not supported by pydock's ctr backend: why") == \
        "--expose"
    assert docgen.refusal_cause("docker: 'docker port' is not supported by pydock's ctr backend: why") == \
        "docker port"
    assert docgen.refusal_cause("Error response from daemon: cmp-x was not run with -d by pydock's ctr backend: "
                                "ctr kept no log of its output") == "ctr kept no log of its output"
    assert docgen.refusal_cause("docker: -v /data (ctr has no volumes) (not supported by pydock's ctr backend)") == \
        "-v /data"
    assert harness.refused(engines.Run("", "Error response from daemon: cmp-x was not run with -d by pydock's ctr "
                                           "backend: ctr kept no log\n", 1, 0.1))
