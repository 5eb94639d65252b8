"""Go text/template's lexer: text and `{{ }}` actions (with `{{-`/`-}}` trimming), tokens inside.

Only what docker's `--format` users write is supported: fields, variables, literals, pipes,
parentheses, declarations, and the control keywords.
"""

from __future__ import annotations

SPACES = " \t\r\n"


class TemplateError(Exception):
    """A template that does not parse or execute, with Go's message (`template: :1: …`)."""


class Token:
    __slots__ = ("kind", "value", "pos", "line")

    def __init__(self, kind: str, value: str, pos: int, line: int) -> None:
        self.kind = kind  # text, open, close, field, var, ident, string, number, char, pipe, lparen,
        # rparen, declare, assign, comma, eof, space
        self.value = value
        self.pos = pos
        self.line = line

    def __repr__(self) -> str:
        return f"Token({self.kind}, {self.value!r})"


def _error(line: int, message: str) -> TemplateError:
    return TemplateError(f"template: :{line}: {message}")


def tokenize(src: str) -> list[Token]:
    """The token list of a whole template; text tokens already trimmed by `{{-` and `-}}`."""
    tokens: list[Token] = []
    i, n = 0, len(src)
    while i < n:
        start = src.find("{{", i)
        if start < 0:
            tokens.append(Token("text", src[i:], i, src.count("\n", 0, i) + 1))
            break
        text = src[i:start]
        inner = start + 2
        trim_left = src.startswith("- ", inner) or src.startswith("-\t", inner) or src.startswith("-\n", inner)
        if trim_left:
            text = text.rstrip(SPACES)
            inner += 1
        if text:
            tokens.append(Token("text", text, i, src.count("\n", 0, i) + 1))
        line = src.count("\n", 0, start) + 1
        probe = _skip_space(src, inner) if trim_left else inner
        if src.startswith("/*", probe):
            i = _comment(src, probe, line)
            continue
        tokens.append(Token("open", "{{", start, line))
        i = _action(src, inner, line, tokens)
    tokens.append(Token("eof", "", n, src.count("\n") + 1))
    return tokens


def _skip_space(src: str, i: int) -> int:
    while i < len(src) and src[i] in SPACES:
        i += 1
    return i


def _comment(src: str, i: int, line: int) -> int:
    end = src.find("*/", i + 2)
    if end < 0:
        raise _error(line, "unclosed comment")
    j = _skip_space(src, end + 2)
    if src.startswith("-}}", j):
        return _trim_right(src, j + 3)
    if src.startswith("}}", j):
        return j + 2
    raise _error(line, "comment ends before closing delimiter")


def _trim_right(src: str, i: int) -> int:
    return _skip_space(src, i)


def _action(src: str, i: int, line: int, tokens: list[Token]) -> int:
    """Tokens of one action, up to and including its `}}`; returns the index after it."""
    n = len(src)
    depth = 0
    while True:
        if i >= n:
            raise _error(line, "unclosed action")
        c = src[i]
        if c in SPACES:
            j = _skip_space(src, i)
            if src.startswith("-}}", j) and j > i:
                tokens.append(Token("close", "}}", j, line))
                return _trim_right(src, j + 3)
            line += src.count("\n", i, j)
            tokens.append(Token("space", " ", i, line))
            i = j
            continue
        if src.startswith("}}", i):
            if depth:
                raise _error(line, "unclosed left paren")
            tokens.append(Token("close", "}}", i, line))
            return i + 2
        if c == "}":
            raise _error(line, "bad character U+007D '}'")
        if c == "|":
            tokens.append(Token("pipe", "|", i, line))
            i += 1
        elif c == "(":
            depth += 1
            tokens.append(Token("lparen", "(", i, line))
            i += 1
        elif c == ")":
            if not depth:
                raise _error(line, "unexpected right paren U+0029 ')'")
            depth -= 1
            tokens.append(Token("rparen", ")", i, line))
            i += 1
        elif src.startswith(":=", i):
            tokens.append(Token("declare", ":=", i, line))
            i += 2
        elif c == "=":
            tokens.append(Token("assign", "=", i, line))
            i += 1
        elif c == ",":
            tokens.append(Token("comma", ",", i, line))
            i += 1
        elif c in "\"`'":
            i = _quoted(src, i, line, tokens)
        elif c == "." and (i + 1 >= n or not src[i + 1].isdigit()):
            i = _field(src, i, line, tokens)
        elif c == "$":
            j = i + 1
            while j < n and (src[j].isalnum() or src[j] == "_"):
                j += 1
            tokens.append(Token("var", src[i:j], i, line))
            i = j
            while i < n and src[i] == "." and i + 1 < n and (src[i + 1].isalpha() or src[i + 1] == "_"):
                i = _field(src, i, line, tokens)
        elif c.isdigit() or (c in "+-." and i + 1 < n and src[i + 1].isdigit()):
            j = i + 1
            while j < n and (src[j].isalnum() or src[j] in "._+-") and not src.startswith("}}", j):
                if src[j] in "+-" and src[j - 1] not in "eEpP":
                    break
                j += 1
            tokens.append(Token("number", src[i:j], i, line))
            i = j
        elif c.isalpha() or c == "_":
            j = i
            while j < n and (src[j].isalnum() or src[j] == "_"):
                j += 1
            tokens.append(Token("ident", src[i:j], i, line))
            i = j
            while i < n and src[i] == "." and i + 1 < n and (src[i + 1].isalpha() or src[i + 1] == "_"):
                i = _field(src, i, line, tokens)
        else:
            raise _error(line, f"bad character U+{ord(c):04X} '{c}'")


def _field(src: str, i: int, line: int, tokens: list[Token]) -> int:
    j = i + 1
    while j < len(src) and (src[j].isalnum() or src[j] == "_"):
        j += 1
    tokens.append(Token("field", src[i:j], i, line))  # "." alone is the dot
    return j


_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "\\": "\\", '"': '"', "'": "'", "a": "\a", "b": "\b",
            "f": "\f", "v": "\v", "0": "\0"}


def _quoted(src: str, i: int, line: int, tokens: list[Token]) -> int:
    quote = src[i]
    j = i + 1
    out: list[str] = []
    while True:
        if j >= len(src) or (quote != "`" and src[j] == "\n"):
            raise _error(line, "unterminated quoted string" if quote != "'" else "unterminated character constant")
        c = src[j]
        if c == quote:
            break
        if c == "\\" and quote != "`":
            esc = src[j + 1:j + 2]
            if esc == "x":
                out.append(chr(int(src[j + 2:j + 4], 16)))
                j += 4
                continue
            if esc in ("u", "U"):
                width = 4 if esc == "u" else 8
                out.append(chr(int(src[j + 2:j + 2 + width], 16)))
                j += 2 + width
                continue
            out.append(_ESCAPES.get(esc, esc))
            j += 2
            continue
        out.append(c)
        j += 1
    kind = "char" if quote == "'" else "string"
    tokens.append(Token(kind, "".join(out), i, line))
    return j + 1
