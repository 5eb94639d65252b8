"""docker compose's pure parts: which project a call means, nerdctl compose's records restated as compose's
progress lines and errors, and its YAML re-indented as docker compose writes it."""

from __future__ import annotations

import os

import pytest

from shim.backends.nerdctl import compose as backend
from shim.backends.nerdctl import compose_records as records
from shim.backends.nerdctl import compose_steps as steps
from shim.compose_project import normalize, resolve
from shim.errors import DockerError
from shim.output.compose import two_space_yaml
from shim.plan import Result


def _write(path, text="services: {}\n"):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


@pytest.mark.parametrize(("files", "values", "environ", "cwd", "name", "chosen"), [
    ({"My.App/compose.yaml": None}, {}, {}, "My.App", "myapp", ["My.App/compose.yaml"]),
    ({"p/docker-compose.yml": None}, {}, {}, "p/sub/deeper", "p", ["p/docker-compose.yml"]),  # found in a parent
    ({"p/compose.yaml": None, "p/compose.override.yaml": None}, {}, {}, "p", "p",
     ["p/compose.yaml", "p/compose.override.yaml"]),
    ({"p/compose.yaml": "name: Given_Name\nservices: {}\n"}, {}, {}, "p", "given_name", ["p/compose.yaml"]),
    ({"p/compose.yaml": "name: fromfile\n"}, {"project-name": "Flag"}, {"COMPOSE_PROJECT_NAME": "env"}, "p", "flag",
     ["p/compose.yaml"]),
    ({"p/compose.yaml": "name: fromfile\n"}, {}, {"COMPOSE_PROJECT_NAME": "env"}, "p", "env", ["p/compose.yaml"]),
    ({"p/compose.yaml": None, "p/.env": 'COMPOSE_PROJECT_NAME="dotenv"\n'}, {}, {}, "p", "dotenv", ["p/compose.yaml"]),
    ({"p/a.yml": None, "p/b.yml": None}, {"file": ["a.yml", "b.yml"]}, {}, "p", "p", ["p/a.yml", "p/b.yml"]),
    ({"p/a.yml": None}, {}, {"COMPOSE_FILE": "a.yml"}, "p", "p", ["p/a.yml"]),
    ({"q/compose.yml": None}, {"project-directory": "q"}, {}, ".", "q", ["q/compose.yml"]),
])
def test_project_resolves_as_compose_does(tmp_path, files, values, environ, cwd, name, chosen):
    for path, text in files.items():
        _write(str(tmp_path / path), text or "services: {}\n")
    os.makedirs(tmp_path / cwd, exist_ok=True)
    project = resolve(values, str(tmp_path / cwd), environ)
    assert (project.name, project.files) == (name, [str(tmp_path / f) for f in chosen])


def test_a_file_on_stdin_has_the_working_directory_for_its_project(tmp_path, monkeypatch):
    import io
    import sys

    (tmp_path / "My.Dir").mkdir()
    (tmp_path / "other").mkdir()
    _write(str(tmp_path / "other" / "b.yml"))
    project = resolve({"file": ["-"]}, str(tmp_path / "My.Dir"), {})  # compose-go's GetWorkingDir
    assert (project.files, project.directory, project.name, project.stdin) == (["-"], str(tmp_path / "My.Dir"),
                                                                              "mydir", None)
    project = resolve({"file": ["-", str(tmp_path / "other" / "b.yml")]}, str(tmp_path / "My.Dir"), {})
    assert (project.directory, project.name) == (str(tmp_path / "other"), "other")  # the first file's that has one
    # read here (over ssh): once, and its top-level name is the project's, as docker compose takes it
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"name: From_Stdin\nservices: {}\n")))
    project = resolve({"file": ["-"]}, str(tmp_path / "My.Dir"), {}, read_stdin=True)
    assert (project.name, project.stdin) == ("from_stdin", b"name: From_Stdin\nservices: {}\n")


@pytest.mark.parametrize(("values", "message"), [
    ({}, "no configuration file provided: not found"),
    ({"file": ["nope.yml"]}, "open {cwd}/nope.yml: no such file or directory"),
    ({"env-file": ["nope.env"]}, "couldn't find env file: {cwd}/nope.env"),
])
def test_project_errors_are_composes(tmp_path, values, message):
    with pytest.raises(DockerError) as caught:
        resolve(values, str(tmp_path), {})
    assert (caught.value.code, caught.value.message) == (1, message.format(cwd=tmp_path))


def test_normalize_keeps_only_what_compose_keeps():
    assert normalize("My Project.v2_x-y") == "myprojectv2_x-y"


def _record(level, msg):
    escaped = msg.replace("\\", "\\\\").replace('"', '\\"')
    return f'time="2026-12-02T10:00:00Z" level={level} msg="{escaped}"'


@pytest.mark.parametrize(("command", "level", "msg", "shown"), [
    ("up", "info", "Creating network p_default", " Network p_default Creating \n Network p_default Created \n"),
    ("up", "info", "Creating container p-web-1", " Container p-web-1 Creating \n Container p-web-1 Created \n"
                                                 " Container p-web-1 Starting \n Container p-web-1 Started \n"),
    ("create", "info", "Creating container p-web-1", " Container p-web-1 Creating \n Container p-web-1 Created \n"),
    ("up", "info", "Container p-web-1 exists, skipping", " Container p-web-1 Running \n"),
    ("down", "info", "Removing volume p_data", " Volume p_data Removing \n Volume p_data Removed \n"),
    ("stop", "info", "Stopping container p-db-1", " Container p-db-1 Stopping \n Container p-db-1 Stopped \n"),
    # the command lines nerdctl's compose runs carry the services' environment: never shown
    ("up", "info", "Running [/usr/local/bin/nerdctl run -e PASSWORD=s3cret busybox]", ""),
    ("up", "info", "Ensuring image busybox", ""),
    ("up", "warning", "Ignoring: service web: depends_on: db: [Required]", ""),
    ("run", "warning", "found 1 orphaned containers: [abc], you can run this command with the --remove-orphans flag "
                       "to clean it up", ""),
    ("up", "fatal", "no such service: nope", None),
])
def test_records_become_compose_progress(command, level, msg, shown):
    assert records.progress_view(_record(level, msg), command) == shown


def test_quiet_progress_shows_no_steps_but_warnings():
    assert records.progress_view(_record("info", "Creating network p_default"), "up", quiet=True) == ""
    warning = _record("warning", "something odd")
    assert records.progress_view(warning, "up", quiet=True) == warning + "\n"


@pytest.mark.parametrize(("messages", "code", "stderr"), [
    (["exec failed with exit code 3"], 3, ""),
    (["no running containers from service web"], 1, 'service "web" is not running'),
    (["no such service: nosuch"], 1, "no such service: nosuch"),
    (['error while executing [/usr/local/bin/nerdctl kill -s BOGUS abc]: "time=\\"2026-12-02T10:00:00Z\\" '
      'level=fatal msg=\\"invalid signal: SIGBOGUS\\"\\n": exit status 1'], 1, "invalid signal: SIGBOGUS"),
])
def test_failures_in_composes_words(messages, code, stderr):
    done = records.restate(Result(1, b"", [_record("fatal", m) for m in messages]))
    assert (done.code, done.stderr) == (code, stderr)


def test_four_space_yaml_becomes_two():
    four = ("name: p\nservices:\n    web:\n        command:\n            - sh\n            - -c\n"
            "        volumes:\n            - type: volume\n              source: data\n              volume: {}\n"
            "networks:\n    default:\n        name: p_default\n")
    two = ("name: p\nservices:\n  web:\n    command:\n      - sh\n      - -c\n"
           "    volumes:\n      - type: volume\n        source: data\n        volume: {}\n"
           "networks:\n  default:\n    name: p_default\n")
    assert two_space_yaml(four) == two


@pytest.mark.parametrize(("flag", "value"), [("menu", True), ("watch", True), ("no-deps", True)])
def test_flags_nerdctl_lacks_are_refused_by_name(flag, value):
    from shim.compose_project import Project
    from shim.parse import Parsed
    from shim.spec import compose as spec

    parsed = Parsed(spec.COMMANDS["up"], "compose up")
    parsed.values[flag] = value
    with pytest.raises(DockerError) as caught:
        backend.translate(Project(["/p/compose.yaml"], "/p", "p", [], []), {}, parsed, _ctx())
    assert caught.value.code == 1
    assert caught.value.message.startswith(f"unsupported flag: --{flag} is not supported by pydock's nerdctl backend")


def _ctx():
    from shim.backends import Context

    return Context()


def test_service_images_from_nerdctls_config():
    config = ("name: p\nservices:\n    app:\n        build:\n            context: /p/app\n"
              "    db:\n        image: busybox\n    named:\n        build:\n            context: /p/n\n"
              "        image: reg/named:1\nvolumes:\n    data:\n        name: p_data\n")
    assert steps.service_images(config, "p") == {"app": ("p-app", True), "db": ("busybox", False),
                                                   "named": ("reg/named:1", False)}


def test_services_listed_in_composes_dependency_walk():
    config = ("name: p\nservices:\n    web:\n        depends_on:\n            db:\n                condition: x\n"
              "            cache:\n                condition: x\n        image: busybox\n    db:\n        image: b\n"
              "    cache:\n        image: b\n    aaa:\n        image: b\n")
    assert steps.services_in_order(config) == ["aaa", "cache", "db", "web"]
    reversed_deps = "services:\n    a:\n        depends_on:\n            z:\n                x: 1\n    z:\n        image: b\n"
    assert steps.services_in_order(reversed_deps) == ["z", "a"]
