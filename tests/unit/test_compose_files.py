"""The local files a compose file names (env_file, label_file, build contexts), found and renamed for the copy of
the project sent over the ssh transport (shim/compose_files.py): the usual forms rewritten, the rest of the file
kept byte for byte, what pydock cannot follow refused."""

from __future__ import annotations

import pytest

from shim.compose_files import Rewriter, Unreadable
from shim.errors import DockerError

R = "/remote"


@pytest.fixture
def project(tmp_path):
    (tmp_path / "a.env").write_text("A=1\n")
    (tmp_path / "b.env").write_text("B=1\n")
    (tmp_path / "app").mkdir()
    return tmp_path


def test_the_usual_forms_are_rewritten_and_the_rest_kept(project):
    text = ("name: x  # kept\nservices:\n  web:\n    image: busybox\n    env_file: a.env\n    build: ./app\n"
            "    environment:\n      build: not-a-build\n  two:\n    env_file:\n    - a.env\n    - path: b.env\n"
            "      required: true\n    - path: missing.env\n      required: false\n    build:\n      context: app\n"
            "      dockerfile: Dockerfile.dev\n      args:\n        context: kept\n  three:\n"
            "    label_file: ['b.env']\n    build:\n      target: x\nx-other:\n  build: .\n")
    rewriter = Rewriter(str(project), R)
    assert rewriter.rewrite(text) == (
        'name: x  # kept\nservices:\n  web:\n    image: busybox\n    env_file: ["/remote/file-0-a.env"]\n'
        '    build: "/remote/context-0"\n    environment:\n      build: not-a-build\n  two:\n'
        '    env_file: ["/remote/file-0-a.env", "/remote/file-1-b.env"]\n    build:\n'
        '      context: "/remote/context-0"\n      dockerfile: Dockerfile.dev\n      args:\n        context: kept\n'
        '  three:\n    label_file: ["/remote/file-1-b.env"]\n    build:\n      context: "/remote/context-1"\n'
        "      target: x\nx-other:\n  build: .\n")
    assert rewriter.files == {str(project / "a.env"): f"{R}/file-0-a.env", str(project / "b.env"): f"{R}/file-1-b.env"}
    assert rewriter.contexts == {str(project / "app"): f"{R}/context-0", str(project): f"{R}/context-1"}
    assert rewriter.dockerfiles[str(project / "app")] == {"Dockerfile", "Dockerfile.dev"}


def test_a_remote_build_context_is_left_to_the_remote(project):
    rewriter = Rewriter(str(project), R)
    text = "services:\n  web:\n    build: https://example.com/repo.git#main\n"
    assert rewriter.rewrite(text) == 'services:\n  web:\n    build: "https://example.com/repo.git#main"\n'
    assert rewriter.contexts == {}


def test_a_missing_required_env_file_fails_as_docker_compose(project):
    with pytest.raises(DockerError) as e:
        Rewriter(str(project), R).rewrite("services:\n  web:\n    env_file: nope.env\n")
    missing = project / "nope.env"
    assert e.value.message == f"env file {missing} not found: stat {missing}: no such file or directory"
    assert e.value.code == 1


@pytest.mark.parametrize("text", [
    "services:\n  web:\n    env_file: ${WHERE}\n",
    "services:\n  web:\n    env_file: *anchor\n",
    "services:\n  web:\n    build: {context: .}\n",
    "services:\n  web:\n    build:\n      context: .\n      additional_contexts:\n        x: ../x\n",
    "services:\n  web:\n    build:\n      context: .\n      dockerfile: ../Dockerfile\n",
    "services:\n  web:\n    env_file:\n      - {path: a.env}\n",
])
def test_what_pydock_cannot_follow_is_unreadable(project, text):
    with pytest.raises(Unreadable):
        Rewriter(str(project), R).rewrite(text)


def test_the_env_file_sent_ends_with_this_machines_variables(tmp_path, monkeypatch):
    from shim.backends.nerdctl.compose_ssh import _environment
    from shim.compose_project import Project

    (tmp_path / ".env").write_text("A=from-file")
    monkeypatch.setenv("A", "from-shell")
    monkeypatch.setenv("MULTI", "two\nlines")
    monkeypatch.delenv("UNSET_HERE", raising=False)
    project = Project([str(tmp_path / "compose.yaml")], str(tmp_path), "p", [], [])
    # the last value a name gets wins in nerdctl's compose env file: the shell's, as with docker compose
    assert _environment(project, {"A", "MULTI", "UNSET_HERE"}) == b"A=from-file\nA=from-shell\n"
