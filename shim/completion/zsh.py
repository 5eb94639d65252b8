"""The zsh completion script (`_pydock`): the same walker as bash's, with descriptions via `_describe`.

Works autoloaded from `fpath` by compinit (`#compdef pydock`) and when sourced after compinit.
"""

from __future__ import annotations

from shim.completion import model as m
from shim.install.dockershim import MARKER

TYPE_CHECKING = False
if TYPE_CHECKING:
    from shim.completion.model import Model


def _q(text: str) -> str:
    return "'" + text.replace("'", "'\\''") + "'"


def _pattern(words: list[str]) -> str:
    return "|".join(_q(w) if " " in w else w for w in words)


def _entry(word: str, summary: str) -> str:
    """A `_describe` entry: `word:summary`, the word's own colons escaped."""
    return _q(word.replace(":", "\\:") + (":" + summary if summary else ""))


def _entries(pairs: list[tuple[str, str]], indent: str) -> str:
    return ("\n" + indent).join(_entry(w, s) for w, s in pairs)




def render(model: Model) -> str:
    indent = " " * 12
    groups = "\n".join(f"        {group}) reply=(\n{indent}{_entries(sorted(subs.items()), indent)}\n        ) ;;"
                       for group, subs in sorted(model.groups.items()))
    spots = []
    for found, paths in m.commands(model):
        flags = _entries(m.spellings(found.options), indent)
        spots.append(f"        {_pattern(paths)})\n"
                     f"            __pydock_id={_q(found.ident)}"
                     f" __pydock_valued={_q(m.valued_pattern(found.options))}\n"
                     f"            __pydock_args={_q(' '.join(found.args))} __pydock_repeat={int(found.repeat)}"
                     f" __pydock_stop={int(found.stop)}\n"
                     f"            __pydock_flags=({(chr(10) + indent + flags) if flags else ''}) ;;")
    values = "\n".join(f"        {_pattern(keys)})\n            REPLY={_q(' '.join(tokens))} ;;"
                       for tokens, keys in m.value_table(model))
    return (TEMPLATE.replace("@LOOKUPS@", m.LOOKUPS.format(reply="reply"))
            .replace("@TOP@", _entries(sorted(model.top.items()), "    "))
            .replace("@GLOBALS@", _entries(m.spellings(model.globals), "    "))
            .replace("@GLOBAL_VALUED@", _q(m.valued_pattern(model.globals))).replace("@GROUPS@", groups)
            .replace("@SPOTS@", "\n".join(spots)).replace("@VALUES@", values).replace("@MARKER@", MARKER))


TEMPLATE = r"""#compdef pydock
# zsh completion for pydock, and for docker when docker is pydock.
# Generated from pydock's spec by `python -m shim.completion.generate --write`: do not edit.
# Use: put this file (named _pydock) in a folder on $fpath before compinit, or `source` it after compinit.

__pydock_top=(
    @TOP@
)
__pydock_globals=(
    @GLOBALS@
)
__pydock_global_valued=@GLOBAL_VALUED@

@LOOKUPS@

# Offer what the tokens after $1 (the namespace) stand for: words as they are, @file/@dir paths,
# @KIND names from pydock's hot-path helper (a second at most, nothing on error).
__pydock_offer() {
    local ns=$1 token
    shift
    local -a kinds plain names
    for token in "$@"; do
        case $token in
            @file) _files ;;
            @dir) _files -/ ;;
            @*) kinds+=(${token#@}) ;;
            *) plain+=($token) ;;
        esac
    done
    (( $#plain )) && compadd -a plain
    if (( $#kinds )); then
        names=(${(f)"$(command pydock __complete "$ns" $kinds 2>/dev/null)"})
        names=(${names:|plain})
        (( $#names )) && compadd -a names
    fi
    return 0
}

_pydock() {
    # Not `path`: in zsh that is $PATH as an array.
    local cur=${words[CURRENT]} w spot= grp= expect= ns= valued REPLY
    local __pydock_id=_ __pydock_valued= __pydock_args=
    integer i nargs=0 rest=0 __pydock_repeat=0 __pydock_stop=0
    local -a __pydock_flags reply args
    for (( i = 2; i < CURRENT; i++ )); do
        w=${words[i]}
        if [[ -n $expect ]]; then
            [[ $expect == --namespace && -z $spot ]] && ns=$w
            expect=; continue
        fi
        if (( rest )); then (( nargs++ )); continue; fi
        if [[ $w == --namespace=* && -z $spot ]]; then ns=${w#*=}; continue; fi
        if [[ $w == -?* ]]; then
            if [[ $w == -- ]]; then [[ -n $spot ]] && rest=1; continue; fi
            [[ $w == *=* ]] && continue
            if [[ -z $spot ]]; then valued=$__pydock_global_valued; else valued=$__pydock_valued; fi
            # `--name VALUE`, `-e VALUE`, and a cluster ending in a valued flag (`-dp 80:80`).
            if [[ $valued == *"|$w|"* || ($w != --* && $valued == *"|-${w[-1]}|"*) ]]; then expect=$w; fi
            continue
        fi
        if [[ -n $spot ]]; then
            (( nargs++ ))
            (( __pydock_stop )) && rest=1  # run/exec: the rest is the container's command
            continue
        fi
        if [[ -n $grp ]]; then
            spot="$grp $w" grp=
        elif __pydock_group $w; then
            grp=$w; continue
        else
            spot=$w
        fi
        __pydock_spot $spot || return 1  # a command pydock does not know: nothing to offer
    done
    if [[ -n $expect ]]; then
        [[ -n $spot ]] || __pydock_id=_
        __pydock_values $__pydock_id $expect
        __pydock_offer "$ns" ${=REPLY}
    elif [[ $cur == -*=* ]]; then
        [[ -n $spot ]] || __pydock_id=_
        __pydock_values $__pydock_id ${cur%%=*}
        compset -P '*='
        __pydock_offer "$ns" ${=REPLY}
    elif (( rest )); then
        _files  # the container's command and arguments
    elif [[ -n $grp ]]; then
        __pydock_group $grp
        _describe -t commands "docker $grp command" reply
    elif [[ -z $spot ]]; then
        if [[ $cur == -* ]]; then _describe -t options 'global option' __pydock_globals
        else _describe -t commands 'docker command' __pydock_top; fi
    elif [[ $cur == -* ]]; then
        __pydock_flags+=('--help:Print usage')
        _describe -t options 'option' __pydock_flags
    else
        args=(${=__pydock_args})
        if (( nargs < $#args )); then w=${args[nargs+1]}
        elif (( __pydock_repeat && $#args )); then w=${args[-1]}
        else w=; fi
        __pydock_offer "$ns" ${(s:,:)w}
    fi
}

# `docker` is pydock when it is an alias of pydock, pydock's docker shim, or a link to pydock.
__pydock_docker_is_pydock() {
    local alias=${aliases[docker]-} found=${commands[docker]-}
    if [[ -n $alias ]]; then
        [[ $alias == pydock || $alias == "pydock "* || $alias == */pydock || $alias == */pydock\ * ]]
        return
    fi
    [[ -n $found ]] || return 1
    [[ -n ${commands[pydock]-} && $found -ef ${commands[pydock]} ]] && return 0
    [[ "$(head -c 512 -- $found 2>/dev/null)" == *'@MARKER@'* ]]
}

if [[ ${funcstack[1]} == _pydock || ${funcstack[1]} == _docker ]]; then
    # Autoloaded by compinit: this file is the function's body; complete now.
    __pydock_docker_is_pydock && compdef _pydock docker
    _pydock "$@"
elif (( $+functions[compdef] )); then
    # Sourced after compinit. A real docker's completion is left alone.
    compdef _pydock pydock
    __pydock_docker_is_pydock && compdef _pydock docker
fi
"""
