"""Go text/template as docker's --format uses it: features, functions, errors (Go's wording)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shim.template import Template, TemplateError, render


class Context:
    """A stand-in for docker's formatter contexts: fields are methods."""

    __gotype__ = "*formatter.ContainerContext"

    def ID(self) -> str:
        return "abc123"

    def Names(self) -> str:
        return "web"

    def State(self) -> str:
        return "running"

    def Label(self, key: str) -> str:
        return {"tier": "front"}.get(key, "")

    def __gojson__(self) -> dict:
        return {"ID": "abc123", "Names": "web", "Digest": "<none>"}


DATA = {"emptylist": [], "name": "web", "n": 3, "f": 2.5, "list": ["a", "b", "c"], "map": {"b": 2, "a": 1}, "empty": "",
        "none": None, "yes": True, "nested": {"inner": {"x": "deep"}}, "ctx": Context()}


@pytest.mark.parametrize(("template", "expected"), [
    ("plain text", "plain text"),
    ("{{.name}}", "web"),
    ("{{.nested.inner.x}}", "deep"),
    ("{{.missing}}", "<no value>"),
    ("{{.none}}", "<nil>"),
    ("{{.n}} {{.f}} {{.yes}}", "3 2.5 true"),
    ("{{.list}}", "[a b c]"),
    ("{{.map}}", "map[a:1 b:2]"),
    ("{{.ctx.ID}}", "abc123"),
    ('{{.ctx.Label "tier"}}', "front"),
    ("{{with .ctx}}{{.Names}}{{end}}", "web"),
    ("{{- .name -}}", "web"),
    ("a  {{- .name -}}  b", "awebb"),
    ("{{/* a comment */}}x", "x"),
    ("{{- /* trimmed comment */ -}} x", "x"),
    ("{{if .yes}}y{{else}}n{{end}}", "y"),
    ("{{if .empty}}y{{else if .n}}n{{else}}z{{end}}", "n"),
    ("{{if not .none}}nil is false{{end}}", "nil is false"),
    ("{{range .list}}[{{.}}]{{end}}", "[a][b][c]"),
    ("{{range $i, $v := .list}}{{$i}}={{$v}} {{end}}", "0=a 1=b 2=c "),
    ("{{range $k, $v := .map}}{{$k}}{{$v}}{{end}}", "a1b2"),
    ("{{range .emptylist}}x{{else}}empty{{end}}", "empty"),
    ("{{range .none}}x{{else}}nil{{end}}", "nil"),
    ("{{range .list}}{{if eq . \"b\"}}{{break}}{{end}}{{.}}{{end}}", "a"),
    ("{{range .list}}{{if eq . \"b\"}}{{continue}}{{end}}{{.}}{{end}}", "ac"),
    ("{{range 3}}{{.}}{{end}}", "012"),
    ("{{$x := .name}}{{$x}}-{{$}}", None),
    ("{{$x := 1}}{{$x = 2}}{{$x}}", "2"),
    ("{{with .missing}}x{{else}}none{{end}}", "none"),
    ("{{.name | printf \"%s!\"}}", "web!"),
    ("{{(index .list 1) | upper}}", "B"),
    ('{{define "t"}}[{{.}}]{{end}}{{template "t" .name}}', "[web]"),
    ('{{block "b" .n}}<{{.}}>{{end}}', "<3>"),
    # Go builtins
    ("{{and 1 0 2}} {{or 0 \"\" 3}} {{not 0}}", "0 3 true"),
    ("{{len .list}} {{len .name}} {{len .map}}", "3 3 2"),
    ("{{index .list 2}} {{index .map \"b\"}} {{index .nested \"inner\" \"x\"}}", "c 2 deep"),
    ("{{slice .list 1 2}} {{slice .name 1}}", "[b] eb"),
    ("{{print 1 2 \"a\" 3}}", "1 2a3"),
    ("{{println .name .n}}", "web 3\n"),
    ('{{printf "%d|%5s|%-4s|%.2f|%q|%x|%v|%t" 42 "ab" "c" 3.14159 "q" 255 .list true}}',
     '42|   ab|c   |3.14|"q"|ff|[a b c]|true'),
    ('{{printf "%s %s" "one"}}', "one %!s(MISSING)"),
    ('{{printf "%q|%q" .list .emptylist}}', '["a" "b" "c"]|[]'),  # %q quotes each element
    ("{{eq .n 3}} {{eq .name \"x\" \"web\"}} {{ne .n 4}} {{lt 1 2}} {{le 2 2}} {{gt \"b\" \"a\"}} {{ge 1 2}}",
     "true true true true true true false"),
    ("{{html \"<a href='x'>\"}}", "&lt;a href=&#39;x&#39;&gt;"),
    ("{{urlquery \"a b&c\"}}", "a+b%26c"),
    # docker's functions
    ("{{json .map}}", '{"a":1,"b":2}'),
    ("{{json .list}}", '["a","b","c"]'),
    ('{{json "<&>"}}', '"<&>"'),  # docker's json turns HTML escaping off…
    ("{{json .ctx}}", '{"Digest":"\\u003cnone\\u003e","ID":"abc123","Names":"web"}'),  # …its contexts do not
    ("{{json .none}}", "null"),
    ('{{split "a,b,c" ","}}', "[a b c]"),
    ('{{join .list "-"}}', "a-b-c"),
    ('{{join (split "x y" " ") "+"}}', "x+y"),
    ('{{title "hello wide-world"}}', "Hello Wide-World"),
    ('{{lower "ABC"}} {{upper "abc"}}', "abc ABC"),
    ("{{pad .name 2 1}}|{{pad .empty 2 1}}|", "  web |(none)|".replace("(none)", "")),
    ("{{truncate .name 2}} {{truncate .name 10}}", "we web"),
])
def test_render(template, expected):
    if expected is None:
        assert render(template, DATA).startswith("web-map[")
        return
    assert render(template, DATA) == expected


@pytest.mark.parametrize(("template", "message"), [
    ("{{.Foo", "template: :1: unclosed action"),
    ("{{foo .ID}}", 'template: :1: function "foo" not defined'),
    ("{{if}}", "template: :1: missing value for if"),
    ("{{end}}", "template: :1: unexpected {{end}}"),
    ("{{.ID}", "template: :1: bad character U+007D '}'"),
    ("{{if .x}}", "template: :1: unexpected EOF"),
    ("{{.x | }}", "template: :1: missing command"),
    ('{{"unterminated}}', "template: :1: unterminated quoted string"),
    ("{{)}}", "template: :1: unexpected right paren U+0029 ')'"),
    ("{{range}}{{end}}", "template: :1: missing value for range"),
    ("{{/* open", "template: :1: unclosed comment"),
    ("{{else}}", "template: :1: unexpected {{else}}"),
])
def test_parse_errors(template, message):
    with pytest.raises(TemplateError) as err:
        Template.parse(template)
    assert str(err.value) == message


@pytest.mark.parametrize(("template", "message"), [
    ("{{.Foo}}", 'template: :1:2: executing "" at <.Foo>: can\'t evaluate field Foo in type '
                 "*formatter.ContainerContext"),
    ("{{index .ID 9}}", 'template: :1:2: executing "" at <index .ID 9>: error calling index: index out of range: 9'),
    ("{{range .ID}}x{{end}}", 'template: :1:8: executing "" at <.ID>: range can\'t iterate over abc123'),
    ("{{eq .ID 1}}", 'template: :1:2: executing "" at <eq .ID 1>: error calling eq: incompatible types for '
                     "comparison"),
    ("{{len 3}}", 'template: :1:2: executing "" at <len 3>: error calling len: len of type int'),
    # Go places a field chain at its second field (checked against docker 28.2.2: `{{.Names.x}}` is 1:8)
    ('{{upper .Names.x}}', 'template: :1:14: executing "" at <.Names.x>: can\'t evaluate field x in type string'),
])
def test_execution_errors(template, message):
    with pytest.raises(TemplateError) as err:
        render(template, Context())
    assert str(err.value) == message


def test_header_functions_can_be_overridden():
    template = Template.parse("{{upper .ID}}")
    assert template.execute({"ID": "IMAGE ID"}, funcs={"upper": lambda v: v}) == "IMAGE ID"


@given(st.text().filter(lambda t: "{{" not in t))
def test_text_without_actions_is_unchanged(text):
    assert render(text, {}) == text


@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_printf_d_matches_integers(n):
    assert render('{{printf "%d" .}}', n) == str(n)


def test_a_nil_map_made_without_items_is_empty():
    from shim.template.values import NilMap

    assert NilMap() == {} and Template.parse("{{.}}").execute(NilMap()) == "map[]"
