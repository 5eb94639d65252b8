"""docker history's output from nerdctl's layers (no runtime)."""

from __future__ import annotations

import json

import pytest

from shim import spec
from shim.backends import Context
from shim.backends import nerdctl as backend
from shim.parse import parse_command
from shim.plan import Result

LAYER = {"CreatedAt": "2023-11-14T22:13:20Z", "CreatedSince": "3 years ago", "CreatedBy": "sh", "Size": "2052096",
         "Comment": ""}


def history(*argv: str):
    module, canonical = spec.PATHS["history"]
    parsed = parse_command(list(argv), spec.get(module), canonical)
    layers = backend.translate(parsed, Context())
    image_id = layers.then(Result(0, json.dumps(LAYER).encode()))
    return image_id.then(Result(0, b"sha256:" + b"9a" * 32 + b"\n"))


@pytest.mark.parametrize(("flags", "header"), [
    ([], "IMAGE          CREATED       CREATED BY   SIZE      COMMENT"),
    (["-H=false"], "IMAGE          CREATED AT             CREATED BY   SIZE      COMMENT"),  # dates, so "AT"
])
def test_date_column_header(flags, header):
    assert history(*flags, "busybox").stdout.splitlines()[0] == header


def test_template_error_names_dockers_type():
    from shim.errors import DockerError

    with pytest.raises(DockerError) as err:
        history("--format", "{{.Nope}}", "busybox")
    assert err.value.message == ('template parsing error: template: :1:2: executing "" at <.Nope>: can\'t evaluate field '
                           "Nope in type *image.historyContext")
