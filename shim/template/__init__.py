"""Go's text/template, the subset docker's `--format` users write, with docker's functions.

    Template.parse(text).execute(data)   # or render(text, data)

Data are Python values; an object's attributes are its fields (callables are methods, called with the
template's arguments); `__gotype__` names its Go type in errors and `__gojson__()` gives what `json`
marshals. Errors are TemplateError with Go's wording. Only `--format` loads this package.
"""

from __future__ import annotations

from shim.template.engine import Engine
from shim.template.funcs import FUNCS, NAMES
from shim.template.lexer import TemplateError
from shim.template.parser import Parser


class Template:
    __slots__ = ("src", "tree", "defines")

    def __init__(self, src: str, tree: list[tuple], defines: dict[str, list[tuple]]) -> None:
        self.src = src
        self.tree = tree
        self.defines = defines

    @classmethod
    def parse(cls, text: str) -> Template:
        parser = Parser(text, NAMES)
        tree = parser.parse()
        return cls(text, tree, parser.defines)

    def execute(self, data: object, funcs: dict[str, object] | None = None) -> str:
        engine = Engine(self.src, self.defines, {**FUNCS, **(funcs or {})})
        try:
            engine.walk(self.tree, data, [{"$": data}])
        except RecursionError:
            raise TemplateError("template: :1: exceeded maximum template depth") from None
        return "".join(engine.out)


def render(text: str, data: object) -> str:
    return Template.parse(text).execute(data)


__all__ = ["Template", "TemplateError", "render"]
