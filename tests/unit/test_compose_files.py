"""The local files a compose file names (include, extends, env_file, label_file, build contexts), found and renamed
for the copy of the project sent over the ssh transport (shim/compose_files.py, shim/compose_include.py): the usual
forms rewritten, the rest of the file kept byte for byte, what pydock cannot follow refused."""

from __future__ import annotations

import pytest

from shim.compose_files import Rewriter, Source, Unreadable
from shim.errors import DockerError

R = "/remote"


def _rewrite(text: str, directory, rewriter: Rewriter | None = None) -> str:
    """`text` rewritten as a file of the project in `directory`."""
    rewriter = rewriter or Rewriter(R)
    return rewriter.rewrite(text, Source(f"{directory}/compose.yaml", str(directory), str(directory), False, ""))


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
    rewriter = Rewriter(R)
    assert _rewrite(text, project, rewriter) == (
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
    rewriter = Rewriter(R)
    text = "services:\n  web:\n    build: https://example.com/repo.git#main\n"
    assert _rewrite(text, project, rewriter) == 'services:\n  web:\n    build: "https://example.com/repo.git#main"\n'
    assert rewriter.contexts == {}


def test_a_missing_required_env_file_fails_as_docker_compose(project):
    with pytest.raises(DockerError) as e:
        _rewrite("services:\n  web:\n    env_file: nope.env\n", project)
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
        _rewrite(text, project)


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


@pytest.fixture
def tree(tmp_path):
    (tmp_path / "app").mkdir()
    (tmp_path / "lib" / "deeper").mkdir(parents=True)
    for name in ("first.yml", "second.yml", "two.yml", "deeper/third.yml", "base.yml"):
        (tmp_path / "lib" / name).write_text("services: {}\n")
    (tmp_path / "lib" / ".env").write_text("A=1\n")
    (tmp_path / "lib" / "b.env").write_text("B=1\n")
    (tmp_path / "app" / "inc.env").write_text("C=1\n")
    return tmp_path


def test_include_entries_name_the_copies_their_project_directory_and_env_files(tree):
    text = ("include:\n  - ../lib/first.yml\n  - path:\n      - ../lib/second.yml\n      - ../lib/two.yml\n"
            "    project_directory: ../lib/deeper\n    env_file: inc.env  # beside the including file\n"
            '  - path: ["../lib/deeper/third.yml"]\n    env_file: [/dev/null]\n'
            "  - https://example.com/x/compose.yaml\nservices: {}\n")
    rewriter = Rewriter(R)
    lib = tree / "lib"
    assert _rewrite(text, tree / "app", rewriter) == (
        f'include:\n  - path: ["{R}/compose-0-first.yml"]\n    project_directory: "{lib}"\n'
        f'    env_file: ["{R}/file-0-.env"]\n'
        f'  - path: ["{R}/compose-1-second.yml", "{R}/compose-2-two.yml"]\n    project_directory: "{lib}/deeper"\n'
        f'    env_file: ["{R}/file-1-inc.env"]\n'
        f'  - path: ["{R}/compose-3-third.yml"]\n    project_directory: "{lib}/deeper"\n    env_file: ["/dev/null"]\n'
        "  - https://example.com/x/compose.yaml\nservices: {}\n")
    # each included file is read against its include's project directory, which is also its home
    assert [(s.path, s.directory, s.home, s.extended) for s in rewriter.pending] == [
        (f"{lib}/first.yml", str(lib), str(lib), False), (f"{lib}/second.yml", f"{lib}/deeper", f"{lib}/deeper", False),
        (f"{lib}/two.yml", f"{lib}/deeper", f"{lib}/deeper", False),
        (f"{lib}/deeper/third.yml", f"{lib}/deeper", f"{lib}/deeper", False)]
    assert rewriter.files == {f"{lib}/.env": f"{R}/file-0-.env", f"{tree}/app/inc.env": f"{R}/file-1-inc.env"}


def test_an_extended_file_is_read_against_its_own_folder(tree):
    app, lib = tree / "app", tree / "lib"
    rewriter = Rewriter(R)
    text = "services:\n  web:\n    extends:\n      file: ../lib/base.yml\n      service: base\n  same:\n    extends: web\n"
    assert _rewrite(text, app, rewriter) == (f'services:\n  web:\n    extends:\n      file: "{R}/compose-0-base.yml"\n'
                                             "      service: base\n  same:\n    extends: web\n")
    extended = rewriter.pending[0]
    assert (extended.directory, extended.home, extended.extended) == (str(lib), str(app), True)
    base = ("include:\n  - nowhere.yml\nservices:\n  base:\n    build:\n      target: t\n    env_file: b.env\n"
            "    volumes:\n      - ./data:/data:ro\n      - named:/n\n      - type: bind\n        source: ../x\n"
            "        target: /x\n      - /abs:/abs\n")
    # compose skips an extended file's include; its relative bind mounts are named in full (the copy is elsewhere);
    # a build without a context builds its user's project directory
    assert rewriter.rewrite(base, extended) == (
        "include:\n  - nowhere.yml\nservices:\n  base:\n    build:\n"
        f'      context: "{R}/context-0"\n      target: t\n    env_file: ["{R}/file-0-b.env"]\n    volumes:\n'
        f'      - "{lib}/data:/data:ro"\n      - named:/n\n      - type: bind\n        source: "{tree}/x"\n'
        "        target: /x\n      - /abs:/abs\n")
    assert rewriter.contexts == {str(app): f"{R}/context-0"}
    # a comment where a value could be
    assert rewriter.rewrite("services:\n  base:\n    volumes:  # here\n      - ./d:/d\n", extended) == (
        f'services:\n  base:\n    volumes:\n      - "{lib}/d:/d"\n')


@pytest.mark.parametrize(("text", "message"), [
    ("include:\n  - nothere.yml\n", "open {app}/nothere.yml: no such file or directory"),
    ("include:\n  - path: ../lib/first.yml\n    env_file: nothere.env\n", "stat {app}/nothere.env: no such file or directory"),
    ("include:\n  - path: ../lib/first.yml\n    env_file: /nothere.env\n", "couldn't find env file: /nothere.env"),
    ("services:\n  a:\n    extends:\n      file: nothere.yml\n      service: x\n", "open {app}/nothere.yml: no such file or directory"),
])
def test_missing_files_fail_as_docker_compose(tree, text, message):
    with pytest.raises(DockerError) as e:
        _rewrite(text, tree / "app")
    assert (e.value.code, e.value.message) == (1, message.format(app=tree / "app"))


@pytest.mark.parametrize("text", [
    "include:\n  - ${WHERE}.yml\n",
    "include:\n  - path: ../lib/first.yml\n    other: x\n",
    "include:\n  - {path: ../lib/first.yml}\n",
    "include: *anchor\n",
    "services:\n  web:\n    extends: {file: ../lib/base.yml, service: base}\n",
])
def test_what_pydock_cannot_follow_in_include_and_extends_is_unreadable(tree, text):
    with pytest.raises(Unreadable):
        _rewrite(text, tree / "app")


def test_an_extended_files_relative_volumes_in_a_flow_list_are_unreadable(tree):
    rewriter = Rewriter(R)
    _rewrite("services:\n  web:\n    extends:\n      file: ../lib/base.yml\n      service: base\n", tree / "app",
             rewriter)
    assert rewriter.rewrite("services:\n  base:\n    volumes: [named:/n]\n", rewriter.pending[0]).endswith("[named:/n]\n")
    with pytest.raises(Unreadable):
        rewriter.rewrite('services:\n  base:\n    volumes: [named:/n, "./d:/d"]\n', rewriter.pending[0])


def test_the_staged_copies_include_stdins_and_the_files_they_name(tree):
    from shim.backends.nerdctl.compose_ssh import Staged
    from shim.compose_project import Project

    app = tree / "app"
    stdin = b"include:\n  - ../lib/first.yml\nservices:\n  web:\n    env_file: inc.env\n"
    staged = Staged(Project(["-"], str(app), "app", [], [], stdin=stdin))
    folder = staged.folder
    members = {name: data for data, name in staged.members}
    assert members["0-stdin.yaml"] == (
        f'include:\n  - path: ["{folder}/compose-0-first.yml"]\n    project_directory: "{tree}/lib"\n'
        f'    env_file: ["{folder}/file-0-.env"]\nservices:\n  web:\n    env_file: ["{folder}/file-1-inc.env"]\n').encode()
    assert members["compose-0-first.yml"] == b"services: {}\n"
    assert (members["file-0-.env"], members["file-1-inc.env"]) == (f"{tree}/lib/.env", f"{app}/inc.env")
    assert staged.remote("-") == f"{folder}/0-stdin.yaml"
    # what nerdctl prints of the copies names the files they copy
    assert staged.localized(f"open {folder}/compose-0-first.yml; {folder}/file-1-inc.env") == (
        f"open {tree}/lib/first.yml; {app}/inc.env")


def _hashed(path) -> str:
    import hashlib

    return f"{hashlib.sha256(str(path).encode()).hexdigest()[:16]}-{path.name}"


def test_services_env_and_label_files_go_to_the_folder_that_stays(project):
    """Issue #16: nerdctl's compose hashes a service's env and label files' paths; their copies' names depend on the
    local path alone, so neither a new call nor a file named earlier changes them."""
    rewriter = Rewriter(R, "~/kept")
    text = "services:\n  web:\n    env_file: [b.env, a.env]\n    label_file: a.env\n"
    assert _rewrite(text, project, rewriter) == (
        f'services:\n  web:\n    env_file: ["~/kept/{_hashed(project / "b.env")}", "~/kept/{_hashed(project / "a.env")}"]\n'
        f'    label_file: ["~/kept/{_hashed(project / "a.env")}"]\n')
    assert rewriter.files == {}
    assert rewriter.kept == {str(project / "a.env"): f"~/kept/{_hashed(project / 'a.env')}",
                             str(project / "b.env"): f"~/kept/{_hashed(project / 'b.env')}"}
    alone = Rewriter(R, "~/kept")
    assert _rewrite("services:\n  web:\n    env_file: a.env\n", project, alone) == (
        f'services:\n  web:\n    env_file: ["~/kept/{_hashed(project / "a.env")}"]\n')


def test_the_kept_folder_is_the_projects_and_down_forgets_it(tree):
    from shim.backends.nerdctl.compose_ssh import KEPT, Staged, kept_key, staged
    from shim.compose_project import Project
    from shim.plan import Plan

    app = tree / "app"
    compose = app / "compose.yaml"
    compose.write_text("include:\n  - ../lib/first.yml\nservices:\n  web:\n    env_file: inc.env\n")
    project = Project([str(compose)], str(app), "app", [], [])
    first, second = Staged(project, "keep"), Staged(project, "keep")
    assert first.folder != second.folder and first.key == second.key
    assert first.key not in (kept_key(Project([str(compose)], str(app), "other", [], [])),
                             kept_key(Project([str(compose)], str(tree), "app", [], [])))
    kept = f"~/{KEPT}/{first.key}/{_hashed(app / 'inc.env')}"
    members = {name: data for data, name in first.members}
    # the include's env file serves interpolation only: it stays in the call's folder
    assert members["0-compose.yaml"] == (
        f'include:\n  - path: ["{first.folder}/compose-0-first.yml"]\n    project_directory: "{tree}/lib"\n'
        f'    env_file: ["{first.folder}/file-0-.env"]\nservices:\n  web:\n    env_file: ["{kept}"]\n').encode()
    assert members[f"kept-{_hashed(app / 'inc.env')}"] == str(app / "inc.env")
    plan = staged(first, Plan(["nerdctl", "compose", "up"]))
    assert plan.argv[-3:] == [first.folder, first.key, "keep"]
    # nerdctl prints the path `~/` expands to on the remote, which the staging step reported
    first.home_is("/home/u")
    assert first.localized(f"{kept}; /home/u/{kept[2:]}") == f"{app / 'inc.env'}; {app / 'inc.env'}"
    down = Staged(project, "forget")
    assert (down.key, down.kept, down.mode) == (first.key, {}, "forget")
    assert staged(down, Plan(["nerdctl", "compose", "down"])).argv[-3:] == [down.folder, down.key, "forget"]
    other = Staged(project)  # config, logs, …, which create no container: the call's folder only
    assert (other.kept, other.mode, staged(other, Plan(["nerdctl"])).argv[-1]) == ({}, "", "")
    compose.write_text("services:\n  web:\n    image: x\n")
    assert Staged(project, "keep").mode == ""  # no env or label file: the kept folder is left alone
