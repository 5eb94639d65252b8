"""Go text/template's parser: tokens → a small tree of tuples, with Go's parse-error wording.

Nodes: ("text", s) · ("action", pipe) · ("if", [(pipe, body)…], else_body) · ("range", pipe, body,
else_body) · ("with", [(pipe, body)…], else_body) · ("template", name, pipe|None) · ("break",) ·
("continue",). A pipe is Pipe; a command is a list of operands; an operand is a tuple whose last
item is its offset in the source: ("dot", pos) · ("field", names, pos) · ("var", name, names, pos) ·
("ident", name, pos) · ("literal", value, text, pos) · ("paren", pipe, names, pos).
"""

from __future__ import annotations

from shim.strconv import go_quote
from shim.template.lexer import TemplateError, Token, tokenize


class Pipe:
    __slots__ = ("decl", "assign", "commands", "pos", "line", "text")

    def __init__(self, decl: list[str], assign: bool, commands: list[list[tuple]], pos: int, line: int,
                 text: str) -> None:
        self.decl = decl  # variables declared (`$x :=`) or assigned (`$x =`)
        self.assign = assign
        self.commands = commands
        self.pos = pos
        self.line = line
        self.text = text  # Go's String() of the pipeline, for error messages


def operand_text(op: tuple) -> str:
    kind = op[0]
    if kind == "dot":
        return "."
    if kind == "field":
        return "." + ".".join(op[1])
    if kind == "var":
        return op[1] + "".join("." + n for n in op[2])
    if kind == "ident":
        return op[1]
    if kind == "literal":
        return op[2]
    return "(" + op[1].text + ")" + "".join("." + n for n in op[2])


def command_text(command: list[tuple]) -> str:
    return " ".join(operand_text(op) for op in command)


class Parser:
    def __init__(self, src: str, funcs: frozenset[str]) -> None:
        self.src = src
        self.tokens = tokenize(src)
        self.i = 0
        self.funcs = funcs
        self.defines: dict[str, list[tuple]] = {}

    # token helpers -------------------------------------------------------------------------------
    def peek(self, skip_space: bool = True) -> Token:
        j = self.i
        while skip_space and self.tokens[j].kind == "space":
            j += 1
        return self.tokens[j]

    def next(self, skip_space: bool = True) -> Token:
        while skip_space and self.tokens[self.i].kind == "space":
            self.i += 1
        tok = self.tokens[self.i]
        self.i += 1
        return tok

    def error(self, tok: Token, message: str) -> TemplateError:
        return TemplateError(f"template: :{tok.line}: {message}")

    # structure ----------------------------------------------------------------------------------
    def parse(self) -> list[tuple]:
        body, end = self.parse_list(top=True)
        if end is not None:
            raise self.error(end, "unexpected {{" + end.value + "}}")
        return body

    def parse_list(self, top: bool = False) -> tuple[list[tuple], Token | None]:
        """Nodes until {{end}} or {{else}} (returned as the second value) or the end of input."""
        nodes: list[tuple] = []
        while True:
            tok = self.next(skip_space=False)
            if tok.kind == "eof":
                if not top:
                    raise self.error(tok, "unexpected EOF")
                return nodes, None
            if tok.kind == "text":
                nodes.append(("text", tok.value))
                continue
            word = self.peek()
            if word.kind == "ident" and word.value in ("end", "else"):
                self.next()
                if word.value == "end":
                    self.expect_close(word)
                return nodes, word
            node = self.parse_action(tok)
            if node is not None:
                nodes.append(node)

    def expect_close(self, after: Token) -> None:
        tok = self.next()
        if tok.kind != "close":
            raise self.error(tok, f"unexpected {self.describe(tok)} in {after.value}")

    def describe(self, tok: Token) -> str:
        if tok.kind == "eof":
            return "EOF"
        return f'"{tok.value}"'

    def parse_action(self, open_tok: Token) -> tuple | None:
        word = self.peek()
        if word.kind == "ident" and word.value in ("if", "range", "with"):
            self.next()
            return self.parse_control(word)
        if word.kind == "ident" and word.value in ("break", "continue"):
            self.next()
            self.expect_close(word)
            return (word.value,)
        if word.kind == "ident" and word.value in ("template", "define", "block"):
            self.next()
            return self.parse_template(word)
        if word.kind == "close":
            raise self.error(word, "missing value for command")
        return ("action", self.parse_pipe("command", allow_decl=True))

    def parse_control(self, word: Token) -> tuple:
        kind = word.value
        pipe = self.parse_pipe(kind, allow_decl=True)
        body, end = self.parse_list()
        branches = [(pipe, body)]
        else_body: list[tuple] = []
        while end is not None and end.value == "else":
            nxt = self.peek()
            if kind in ("if", "with") and nxt.kind == "ident" and nxt.value == kind:
                self.next()
                pipe = self.parse_pipe(kind, allow_decl=True)
                body, end = self.parse_list()
                branches.append((pipe, body))
                continue
            self.expect_close(end)
            else_body, end = self.parse_list()
            if end is not None and end.value == "else":
                raise self.error(end, "expected end; found {{else}}")
        if kind == "range":
            return ("range", branches[0][0], branches[0][1], else_body)
        return (kind, branches, else_body)

    def parse_template(self, word: Token) -> tuple | None:
        name_tok = self.next()
        if name_tok.kind != "string":
            raise self.error(name_tok, f"unexpected {self.describe(name_tok)} in {word.value} clause")
        if word.value == "define":
            self.expect_close(word)
            body, _ = self.parse_list()
            self.defines[name_tok.value] = body
            return None
        pipe = None if self.peek().kind == "close" else self.parse_pipe(word.value, allow_decl=False)
        if pipe is None:
            self.next()
        if word.value == "block":
            body, _ = self.parse_list()
            self.defines.setdefault(name_tok.value, body)
        return ("template", name_tok.value, pipe)

    # pipelines -----------------------------------------------------------------------------------
    def parse_pipe(self, context: str, *, allow_decl: bool, end: str = "close") -> Pipe:
        start = self.peek()
        decl, assign = self.parse_decl() if allow_decl else ([], False)
        commands: list[list[tuple]] = []
        while True:
            tok = self.peek()
            if tok.kind == end:
                self.next()
                break
            if tok.kind == "eof":
                raise self.error(tok, "unclosed action")
            commands.append(self.parse_command())
            tok = self.peek()
            if tok.kind == "pipe":
                self.next()
                if self.peek().kind in (end, "pipe"):
                    raise self.error(tok, "missing command")
                continue
        if not commands:
            raise self.error(start, f"missing value for {context}")
        text = " | ".join(command_text(c) for c in commands)
        if decl:
            text = ", ".join(decl) + (" = " if assign else " := ") + text
        return Pipe(decl, assign, commands, start.pos, start.line, text)

    def parse_decl(self) -> tuple[list[str], bool]:
        save = self.i
        names: list[str] = []
        tok = self.next()
        if tok.kind != "var":
            self.i = save
            return [], False
        names.append(tok.value)
        nxt = self.next()
        if nxt.kind == "comma":
            second = self.next()
            if second.kind == "var":
                names.append(second.value)
                nxt = self.next()
        if nxt.kind in ("declare", "assign"):
            return names, nxt.kind == "assign"
        self.i = save
        return [], False

    def parse_command(self) -> list[tuple]:
        operands: list[tuple] = []
        while True:
            tok = self.peek(skip_space=False)
            if tok.kind == "space":
                self.next(skip_space=False)
                continue
            if tok.kind in ("close", "pipe", "rparen", "eof"):
                if not operands:
                    raise self.error(tok, f"unexpected {self.describe(tok)} in operand")
                return operands
            operands.append(self.parse_operand())

    def parse_operand(self) -> tuple:
        tok = self.next()
        kind = tok.kind
        pos = tok.pos
        if kind == "field":
            if tok.value == ".":
                return ("dot", pos)
            more = self.more_fields()
            # Go gives a chain (.A.B) the position of its second field, which its errors report.
            return ("field", [tok.value[1:], *more], pos + len(tok.value) if more else pos)
        if kind == "var":
            return ("var", tok.value, self.more_fields(), pos)
        if kind == "ident":
            literal = {"true": True, "false": False, "nil": None}
            if tok.value in literal:
                return ("literal", literal[tok.value], tok.value, pos)
            if tok.value in ("if", "else", "end", "range", "with", "define", "template", "block"):
                raise self.error(tok, f"unexpected <{tok.value}> in operand")
            if tok.value not in self.funcs:
                raise self.error(tok, f'function "{tok.value}" not defined')
            if self.peek(skip_space=False).kind == "field":
                raise self.error(tok, f"unexpected . after term \"{tok.value}\"")
            return ("ident", tok.value, pos)
        if kind == "string":
            return ("literal", tok.value, go_quote(tok.value), pos)
        if kind == "char":
            return ("literal", ord(tok.value), f"'{tok.value}'", pos)
        if kind == "number":
            return ("literal", parse_number(tok, self), tok.value, pos)
        if kind == "lparen":
            pipe = self.parse_pipe("parenthesized pipeline", allow_decl=True, end="rparen")
            return ("paren", pipe, self.more_fields(), pos)
        raise self.error(tok, f"unexpected {self.describe(tok)} in operand")

    def more_fields(self) -> list[str]:
        names = []
        while self.peek(skip_space=False).kind == "field" and self.peek(skip_space=False).value != ".":
            names.append(self.next(skip_space=False).value[1:])
        return names


def parse_number(tok: Token, parser: Parser) -> int | float:
    text = tok.value.replace("_", "")
    try:
        if text.lower().startswith(("0x", "-0x", "+0x", "0o", "0b")):
            return int(text, 0)
        if any(c in text for c in ".eE") and not text.lower().startswith("0x"):
            return float(text)
        return int(text, 10) if not (len(text) > 1 and text[0] == "0") else int(text, 8)
    except ValueError:
        raise parser.error(tok, f"bad number syntax: \"{tok.value}\"") from None
