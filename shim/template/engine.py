"""Executing a parsed template the way Go's text/template does, with its error wording:
`template: :1:2: executing "" at <.Foo>: can't evaluate field Foo in type *formatter.ContainerContext`.
"""

from __future__ import annotations

from shim.template.funcs import CallError
from shim.template.lexer import TemplateError
from shim.template.parser import Pipe, command_text, operand_text
from shim.template.values import MISSING, GoStruct, go_str, go_type, truth

MAX_RANGE = 1_000_000  # Go limits nothing, but a runaway template should not hang pydock


class _Break(Exception):
    pass


class _Continue(Exception):
    pass


class Engine:
    def __init__(self, src: str, defines: dict[str, list[tuple]], funcs: dict[str, object]) -> None:
        self.src = src
        self.defines = defines
        self.funcs = funcs
        self.out: list[str] = []
        self._pipe: Pipe | None = None  # the pipeline being evaluated, for nested calls

    def fail(self, node: Pipe | tuple | list, where: str, message: str) -> TemplateError:
        """Go's execution error, located at a pipe, an operand, or a command (its first operand)."""
        if isinstance(node, list):
            node = node[0]
        pos = node.pos if isinstance(node, Pipe) else node[-1]
        line = self.src.count("\n", 0, pos) + 1
        return TemplateError(f'template: :{line}:{self._col(pos)}: executing "" at <{where}>: {message}')

    def _col(self, pos: int) -> int:
        return pos - (self.src.rfind("\n", 0, pos) + 1)

    # statements -----------------------------------------------------------------------------------
    def walk(self, nodes: list[tuple], dot: object, scope: list[dict[str, object]]) -> None:
        for node in nodes:
            kind = node[0]
            if kind == "text":
                self.out.append(node[1])
            elif kind == "action":
                value = self.pipe(node[1], dot, scope)
                if not node[1].decl:  # `{{$x := …}}` prints nothing
                    self.out.append(go_str(value))
            elif kind in ("if", "with"):
                self.branch(node, dot, scope)
            elif kind == "range":
                self.range(node, dot, scope)
            elif kind == "template":
                _, name, pipe = node
                if name not in self.defines:
                    raise TemplateError(f'template: :1:11: executing "" at <{{{{template "{name}"}}}}>: '
                                        f'template "{name}" not defined')
                value = self.pipe(pipe, dot, scope) if pipe is not None else None
                self.walk(self.defines[name], value, [{"$": value}])
            elif kind == "break":
                raise _Break
            elif kind == "continue":
                raise _Continue

    def branch(self, node: tuple, dot: object, scope: list[dict[str, object]]) -> None:
        kind, branches, else_body = node
        for pipe, body in branches:
            scope.append({})
            try:
                value = self.pipe(pipe, dot, scope)
                if truth(value):
                    self.walk(body, value if kind == "with" else dot, scope)
                    return
            finally:
                scope.pop()
        self.walk(else_body, dot, scope)

    def range(self, node: tuple, dot: object, scope: list[dict[str, object]]) -> None:
        _, pipe, body, else_body = node
        scope.append({})
        try:
            value = self.pipe(pipe, dot, scope, declare=False)
            items = self.iterate(pipe, value)
            if not items:
                self.walk(else_body, dot, scope)
                return
            for key, item in items:
                if len(pipe.decl) == 1:
                    scope[-1][pipe.decl[0]] = item
                elif len(pipe.decl) == 2:
                    scope[-1][pipe.decl[0]], scope[-1][pipe.decl[1]] = key, item
                try:
                    self.walk(body, item, scope)
                except _Continue:
                    continue
                except _Break:
                    break
        finally:
            scope.pop()

    def iterate(self, pipe: Pipe, value: object) -> list[tuple[object, object]]:
        if isinstance(value, (list, tuple)):
            return list(enumerate(value))
        if isinstance(value, dict):
            return [(k, value[k]) for k in sorted(value, key=str)]
        if isinstance(value, int) and not isinstance(value, bool):
            return [(i, i) for i in range(min(value, MAX_RANGE))]
        if value is None or value is MISSING:
            return []
        raise self.fail(pipe.commands[-1], command_text(pipe.commands[-1]), f"range can't iterate over {go_str(value)}")

    # expressions ----------------------------------------------------------------------------------
    def pipe(self, pipe: Pipe, dot: object, scope: list[dict[str, object]], *, declare: bool = True) -> object:
        self._pipe = pipe
        value: object = _NOTHING
        for command in pipe.commands:
            value = self.command(pipe, command, dot, scope, value)
        if declare and pipe.decl:
            for name in pipe.decl:
                if pipe.assign:
                    frame = next((f for f in reversed(scope) if name in f), None)
                    if frame is None:
                        raise TemplateError(f"template: :{pipe.line}: undefined variable: {name}")
                    frame[name] = value
                else:
                    scope[-1][name] = value
        return value

    def command(self, pipe: Pipe, command: list[tuple], dot: object, scope: list[dict[str, object]],
                final: object) -> object:
        head, args = command[0], command[1:]
        where = command_text(command)
        if head[0] == "ident":
            return self.call(command, where, head[1], args, dot, scope, final)
        if head[0] in ("field", "var", "paren", "dot") and (args or final is not _NOTHING):
            if head[0] == "dot" or (head[0] == "var" and not head[2]) or (head[0] == "paren" and not head[2]):
                raise self.fail(command, where, f"can't give argument to non-function {operand_text(head)}")
            values = [self.operand(pipe, a, dot, scope) for a in args]
            if final is not _NOTHING:
                values.append(final)
            return self.operand(pipe, head, dot, scope, values)
        if args or final is not _NOTHING:
            raise self.fail(command, where, f"can't give argument to non-function {operand_text(head)}")
        return self.operand(pipe, head, dot, scope)

    def call(self, at: list | tuple, where: str, name: str, args: list[tuple], dot: object,
             scope: list[dict[str, object]], final: object, pipe: Pipe | None = None) -> object:
        pipe = pipe or self._pipe
        if name in ("and", "or"):
            values = [lambda a=a: self.operand(pipe, a, dot, scope) for a in args]
            if final is not _NOTHING:
                values.append(lambda: final)
            if not values:
                raise self.fail(at, where, f"wrong number of args for {name}: want at least 1 got 0")
            result: object = None
            for thunk in values:
                result = thunk()
                if truth(result) != (name == "and"):
                    return result
            return result
        fn = self.funcs[name]
        values = [self.operand(pipe, a, dot, scope) for a in args]
        if final is not _NOTHING:
            values.append(final)
        try:
            return fn(*values)  # type: ignore[operator]
        except CallError as e:
            raise self.fail(at, where, f"error calling {name}: {e}") from None
        except TemplateError as e:
            if str(e).startswith("template: "):
                raise
            raise self.fail(at, where, str(e)) from None
        except TypeError:
            raise self.fail(at, where, f"wrong number of args for {name}: got {len(values)}") from None

    def operand(self, pipe: Pipe, op: tuple, dot: object, scope: list[dict[str, object]],
                call_args: list[object] | None = None) -> object:
        kind = op[0]
        if kind == "dot":
            return dot
        if kind == "literal":
            return op[1]
        if kind == "ident":
            return self.call(op, op[1], op[1], [], dot, scope, _NOTHING, pipe)
        if kind == "field":
            return self.fields(pipe, op, dot, op[1], call_args)
        if kind == "var":
            value = self.variable(pipe, op[1], scope)
            return self.fields(pipe, op, value, op[2], call_args)
        value = self.pipe(op[1], dot, scope)
        return self.fields(pipe, op, value, op[2], call_args)

    def variable(self, pipe: Pipe, name: str, scope: list[dict[str, object]]) -> object:
        for frame in reversed(scope):
            if name in frame:
                return frame[name]
        raise TemplateError(f"template: :{pipe.line}: undefined variable: {name}")

    def fields(self, pipe: Pipe, op: tuple, value: object, names: list[str],
               call_args: list[object] | None) -> object:
        for i, name in enumerate(names):
            last = i == len(names) - 1
            value = self.field(pipe, op, value, name, call_args if last else None)
        return value

    def field(self, pipe: Pipe, op: tuple, value: object, name: str, args: list[object] | None) -> object:
        where = operand_text(op)
        if isinstance(value, dict):
            if args:
                raise self.fail(op, where, f"{name} is not a method but has arguments")
            if name not in value and isinstance(value, GoStruct):
                raise self.fail(op, where, value.missing(name))
            return value.get(name, MISSING)
        if value is None or value is MISSING:
            if value is MISSING:
                return MISSING
            raise self.fail(op, where, f"nil pointer evaluating {go_type(value)}.{name}")
        attr = getattr(value, name, _NOTHING) if not name.startswith("_") else _NOTHING
        if attr is _NOTHING or isinstance(value, (str, int, float, bool, list, tuple)):
            raise self.fail(op, where, f"can't evaluate field {name} in type {go_type(value)}")
        if callable(attr):
            try:
                return attr(*(args or []))
            except TypeError:
                raise self.fail(op, where, f"wrong number of args for {name}: got {len(args or [])}") from None
        if args:
            raise self.fail(op, where, f"{name} is not a method but has arguments")
        return attr


class _Nothing:
    pass


_NOTHING = _Nothing()
