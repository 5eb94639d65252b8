"""The fish completion script: one `complete -a '(__pydock_complete)'` whose function walks the words,
so fish evaluates one function per Tab instead of a condition per flag (hundreds for `run`).
"""

from __future__ import annotations

from shim.completion import model as m
from shim.install.dockershim import MARKER

TYPE_CHECKING = False
if TYPE_CHECKING:
    from shim.completion.model import Model


def _q(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _pattern(words: list[str]) -> str:
    return " ".join(_q(w) for w in words)


def _lines(pairs: list[tuple[str, str]], indent: str) -> str:
    """printf calls that print `word<TAB>description` lines (fish shows the description)."""
    return "\n".join(f"{indent}printf '%s\\t%s\\n' {_q(w)} {_q(s)}" for w, s in pairs)




def render(model: Model) -> str:
    indent = " " * 12
    groups = "\n".join(f"        case {group}\n{_lines(sorted(subs.items()), indent)}"
                       for group, subs in sorted(model.groups.items()))
    spots, flags = [], []
    for found, paths in m.commands(model):
        spots.append(f"        case {_pattern(paths)}\n"
                     f"{indent}set -g __pydock_id {_q(found.ident)}\n"
                     f"{indent}set -g __pydock_valued {_q(m.valued_pattern(found.options))}\n"
                     f"{indent}set -g __pydock_args {_q(' '.join(found.args))}\n"
                     f"{indent}set -g __pydock_repeat {int(found.repeat)}\n"
                     f"{indent}set -g __pydock_stop {int(found.stop)}")
        if found.options:
            flags.append(f"        case {_q(found.ident)}\n{_lines(m.spellings(found.options), indent)}")
    values = "\n".join(f"        case {_pattern(keys)}\n{indent}printf '%s\\n' {' '.join(_q(t) for t in tokens)}"
                       for tokens, keys in m.value_table(model))
    return (TEMPLATE.replace("@TOP@", _lines(sorted(model.top.items()), "    "))
            .replace("@GLOBALS@", _lines(m.spellings(model.globals), "    "))
            .replace("@GLOBAL_VALUED@", _q(m.valued_pattern(model.globals))).replace("@GROUPS@", groups)
            .replace("@SPOTS@", "\n".join(spots)).replace("@FLAGS@", "\n".join(flags))
            .replace("@VALUES@", values).replace("@MARKER@", MARKER))


TEMPLATE = r"""# fish completion for pydock, and for docker when docker is pydock.
# Generated from pydock's spec by `python -m shim.completion.generate --write`: do not edit.
# Use: put this file in ~/.config/fish/completions/ (`pydock completion --install`), or `source` it.

set -g __pydock_global_valued @GLOBAL_VALUED@

function __pydock_top
@TOP@
end

function __pydock_global_flags
@GLOBALS@
end

# The subcommands of a management group, or failure for a word that is no group.
function __pydock_group
    switch $argv[1]
@GROUPS@
        case '*'
            return 1
    end
end

# One command path: the valued flags, its positional value kinds (comma-joined tokens per position),
# whether the last position repeats, and whether flags stop at the first positional.
function __pydock_spot
    switch $argv[1]
@SPOTS@
        case '*'
            return 1
    end
    return 0  # `set` passes the previous status along
end

# The flags of a command, with their help.
function __pydock_flags
    switch $argv[1]
@FLAGS@
    end
end

# The value tokens of flag $argv[2] of command $argv[1] (`_` = the global flags).
function __pydock_values
    switch "$argv[1] $argv[2]"
@VALUES@
    end
end

# Print what the tokens after the namespace and prefix stand for, each after the prefix: words as they
# are, @file/@dir paths, @KIND names from pydock's hot-path helper (a second at most, nothing on error).
function __pydock_offer
    set -l ns $argv[1]
    set -l prefix $argv[2]
    set -l value (commandline -ct)
    test -n "$prefix"; and set value (string sub -s (math (string length -- $prefix) + 1) -- $value)
    set -l kinds
    set -l plain
    for token in $argv[3..-1]
        switch $token
            case @file
                for found in (__fish_complete_path $value)
                    echo $prefix$found
                end
            case @dir
                for found in (__fish_complete_directories $value)
                    echo $prefix$found
                end
            case '@*'
                set -a kinds (string sub -s 2 -- $token)
            case '*'
                set -a plain $token
                echo $prefix$token
        end
    end
    set -q kinds[1]; or return 0
    for name in (command pydock __complete "$ns" $kinds 2>/dev/null)
        contains -- $name $plain; or echo $prefix$name
    end
end

function __pydock_complete
    set -l tokens (commandline -opc)
    set -l cur (commandline -ct)
    set -l spot ''
    set -l grp ''
    set -l expect ''
    set -l ns ''
    set -l nargs 0
    set -l rest 0
    set -g __pydock_id _
    set -g __pydock_valued ''
    set -g __pydock_args ''
    set -g __pydock_repeat 0
    set -g __pydock_stop 0
    for w in $tokens[2..-1]
        if test -n "$expect"
            test "$expect" = --namespace -a -z "$spot"; and set ns $w
            set expect ''
            continue
        end
        if test $rest = 1
            set nargs (math $nargs + 1)
            continue
        end
        if test -z "$spot"; and string match -q -- '--namespace=*' $w
            set ns (string sub -s 13 -- $w)
            continue
        end
        if string match -q -- '-?*' $w
            if test "$w" = --
                test -n "$spot"; and set rest 1
                continue
            end
            string match -q -- '*=*' $w; and continue
            set -l valued $__pydock_global_valued
            test -n "$spot"; and set valued $__pydock_valued
            # `--name VALUE`, `-e VALUE`, and a cluster ending in a valued flag (`-dp 80:80`).
            if string match -q -- "*|$w|*" $valued
                set expect $w
            else if not string match -q -- '--*' $w; and string match -q -- "*|-"(string sub -s -1 -- $w)"|*" $valued
                set expect $w
            end
            continue
        end
        if test -n "$spot"
            set nargs (math $nargs + 1)
            test $__pydock_stop = 1; and set rest 1  # run/exec: the rest is the container's command
            continue
        end
        if test -n "$grp"
            set spot "$grp $w"
            set grp ''
        else if __pydock_group $w >/dev/null
            set grp $w
            continue
        else
            set spot $w
        end
        __pydock_spot $spot; or return 0  # a command pydock does not know: nothing to offer
    end
    if test -n "$expect"
        test -n "$spot"; or set __pydock_id _
        __pydock_offer "$ns" '' (__pydock_values $__pydock_id $expect)
    else if string match -q -- '-*=*' $cur
        set -l flag (string split -m 1 = -- $cur)[1]
        test -n "$spot"; or set __pydock_id _
        __pydock_offer "$ns" "$flag=" (__pydock_values $__pydock_id $flag)
    else if test $rest = 1
        __fish_complete_path $cur  # the container's command and arguments
    else if test -n "$grp"
        __pydock_group $grp
        printf '%s\t%s\n' --help 'Print usage'
    else if test -z "$spot"
        if string match -q -- '-*' $cur
            __pydock_global_flags
        else
            __pydock_top
        end
    else if string match -q -- '-*' $cur
        __pydock_flags $__pydock_id
        printf '%s\t%s\n' --help 'Print usage'
    else
        set -l args (string split -n ' ' -- $__pydock_args)
        set -l kind ''
        if test $nargs -lt (count $args)
            set kind $args[(math $nargs + 1)]
        else if test $__pydock_repeat = 1; and set -q args[1]
            set kind $args[-1]
        end
        __pydock_offer "$ns" '' (string split -n , -- $kind)
    end
end

# `docker` is pydock when it is pydock's docker shim or a link to pydock (an alias, `alias
# docker=pydock`, is a function that wraps pydock: fish completes it as pydock already).
function __pydock_docker_is_pydock
    set -l found (command -s docker); or return 1
    set -l pydock (command -s pydock)
    if test -n "$pydock"; and test (path resolve -- $found) = (path resolve -- $pydock)
        return 0
    end
    head -c 512 -- $found 2>/dev/null | string match -q -- '*@MARKER@*'
end

complete -c pydock -e
complete -c pydock -f -a '(__pydock_complete)'
# A real docker's completion is left alone.
if not functions -q docker; and __pydock_docker_is_pydock
    complete -c docker -e
    complete -c docker -f -a '(__pydock_complete)'
end
"""
