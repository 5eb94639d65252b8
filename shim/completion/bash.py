"""The bash completion script: spec tables as `case` statements, and one walker over the words typed.

It needs nothing but bash (no bash-completion library), so `source completions/pydock.bash` works in a
bare `bash --norc`, and bash-completion can lazy-load the same file from its completions folder.
"""

from __future__ import annotations

from shim.completion import model as m
from shim.install.dockershim import MARKER

TYPE_CHECKING = False
if TYPE_CHECKING:
    from shim.completion.model import Model, Option


def _q(text: str) -> str:
    return "'" + text.replace("'", "'\\''") + "'"


def _pattern(words: list[str]) -> str:
    return "|".join(_q(w) if " " in w else w for w in words)


def _flags(options: tuple[Option, ...]) -> tuple[str, str]:
    """(every spelling, the valued ones as `|a|b|` for a pattern test)."""
    return " ".join(name for name, _help in m.spellings(options)), m.valued_pattern(options)


def render(model: Model) -> str:
    top = " ".join(sorted(model.top))
    global_flags, global_valued = _flags(model.globals)
    groups = "\n".join(f"        {group}) REPLY={_q(' '.join(sorted(subs)))} ;;"
                       for group, subs in sorted(model.groups.items()))
    spots = []
    for found, paths in m.commands(model):
        every, valued = _flags(found.options)
        spots.append(f"        {_pattern(paths)})\n"
                     f"            __pydock_id={_q(found.ident)} __pydock_flags={_q(every)}\n"
                     f"            __pydock_valued={_q(valued)} __pydock_args={_q(' '.join(found.args))}\n"
                     f"            __pydock_repeat={int(found.repeat)} __pydock_stop={int(found.stop)} ;;")
    values = "\n".join(f"        {_pattern(keys)})\n            REPLY={_q(' '.join(tokens))} ;;"
                       for tokens, keys in m.value_table(model))
    return (TEMPLATE.replace("@LOOKUPS@", m.LOOKUPS.format(reply="REPLY"))
            .replace("@TOP@", _q(top)).replace("@GLOBAL_FLAGS@", _q(global_flags))
            .replace("@GLOBAL_VALUED@", _q(global_valued)).replace("@GROUPS@", groups)
            .replace("@SPOTS@", "\n".join(spots)).replace("@VALUES@", values).replace("@MARKER@", MARKER))


TEMPLATE = r"""# bash completion for pydock, and for docker when docker is pydock     -*- shell-script -*-
# Generated from pydock's spec by `python -m shim.completion.generate --write`: do not edit.
# Use: `source` this file, or let `pydock completion --install` put it where bash-completion looks.

__pydock_top=@TOP@
__pydock_global_flags=@GLOBAL_FLAGS@
__pydock_global_valued=@GLOBAL_VALUED@

@LOOKUPS@

# Add to COMPREPLY what tokens $1 (space-separated) offer for the text $2, each after prefix $4:
# words as they are, @file/@dir paths, @KIND names from `pydock __complete` in namespace $3.
__pydock_offer() {
    local token kinds= name
    for token in $1; do
        case $token in
            @file) compopt -o filenames 2>/dev/null
                   while IFS= read -r name; do COMPREPLY+=("$4$name"); done < <(compgen -f -- "$2") ;;
            @dir) compopt -o filenames 2>/dev/null
                  while IFS= read -r name; do COMPREPLY+=("$4$name"); done < <(compgen -d -- "$2") ;;
            @*) kinds+=" ${token#@}" ;;
            *) [[ $token == "$2"* ]] && COMPREPLY+=("$4$token") ;;
        esac
    done
    [[ -n $kinds ]] || return 0
    # pydock's hot-path helper: a second at most, and nothing on error.
    while IFS= read -r name; do
        [[ $name == "$2"* && " $1 " != *" $name "* ]] && COMPREPLY+=("$4$name")
    done < <(command pydock __complete "$3" $kinds 2>/dev/null)
}

# Offer the words of $1 that start with $2.
__pydock_words() {
    local word
    for word in $1; do [[ $word == "$2"* ]] && COMPREPLY+=("$word"); done
}

_pydock() {
    local line=${COMP_LINE:0:COMP_POINT} cur i w path= group= expect= ns= nargs=0 rest=0 valued REPLY
    local __pydock_id=_ __pydock_flags= __pydock_valued= __pydock_args= __pydock_repeat=0 __pydock_stop=0
    local -a words args
    # Split the line ourselves: COMP_WORDS breaks `--network=host` and `busybox:latest` apart.
    read -ra words <<< "$line"
    if [[ -z $line || $line == *[[:space:]] ]]; then cur=; else cur=${words[-1]}; unset 'words[-1]'; fi
    COMPREPLY=()
    for ((i = 1; i < ${#words[@]}; i++)); do
        w=${words[i]}
        if [[ -n $expect ]]; then
            [[ $expect == --namespace && -z $path ]] && ns=$w
            expect=; continue
        fi
        if ((rest)); then ((nargs++)); continue; fi
        if [[ $w == --namespace=* && -z $path ]]; then ns=${w#*=}; continue; fi
        if [[ $w == -?* ]]; then
            if [[ $w == -- ]]; then [[ -n $path ]] && rest=1; continue; fi
            [[ $w == *=* ]] && continue
            if [[ -z $path ]]; then valued=$__pydock_global_valued; else valued=$__pydock_valued; fi
            # `--name VALUE`, `-e VALUE`, and a cluster ending in a valued flag (`-dp 80:80`).
            if [[ $valued == *"|$w|"* || ($w != --* && $valued == *"|-${w: -1}|"*) ]]; then expect=$w; fi
            continue
        fi
        if [[ -n $path ]]; then
            ((nargs++)); ((__pydock_stop)) && rest=1  # run/exec: the rest is the container's command
            continue
        fi
        if [[ -n $group ]]; then
            path="$group $w" group=
        elif __pydock_group "$w"; then
            group=$w; continue
        else
            path=$w
        fi
        __pydock_spot "$path" || return 0  # a command pydock does not know: nothing to offer
    done
    if [[ -n $expect ]]; then
        [[ -n $path ]] || __pydock_id=_
        __pydock_values "$__pydock_id" "$expect"
        __pydock_offer "$REPLY" "$cur" "$ns"
    elif [[ $cur == -*=* ]]; then
        [[ -n $path ]] || __pydock_id=_
        __pydock_values "$__pydock_id" "${cur%%=*}"
        __pydock_offer "$REPLY" "${cur#*=}" "$ns" "${cur%%=*}="
    elif ((rest)); then
        compopt -o default 2>/dev/null  # the container's command and arguments: paths
        return 0
    elif [[ -n $group ]]; then
        __pydock_group "$group"
        __pydock_words "$REPLY --help" "$cur"
    elif [[ -z $path ]]; then
        if [[ $cur == -* ]]; then __pydock_words "$__pydock_global_flags --help" "$cur"
        else __pydock_words "$__pydock_top" "$cur"; fi
    elif [[ $cur == -* ]]; then
        __pydock_words "$__pydock_flags --help" "$cur"
    else
        read -ra args <<< "$__pydock_args"
        if ((nargs < ${#args[@]})); then w=${args[nargs]}
        elif ((__pydock_repeat && ${#args[@]})); then w=${args[-1]}
        else w=; fi
        __pydock_offer "${w//,/ }" "$cur" "$ns"
    fi
    # bash replaces only the text after the last `=` or `:` (COMP_WORDBREAKS): drop what precedes it.
    local trim= part c
    for c in = :; do
        if [[ $COMP_WORDBREAKS == *"$c"* && $cur == *"$c"* ]]; then
            part=${cur%"${cur##*"$c"}"}
            ((${#part} > ${#trim})) && trim=$part
        fi
    done
    if [[ -n $trim ]]; then COMPREPLY=("${COMPREPLY[@]#"$trim"}"); fi
    return 0
}

# `docker` is pydock when it is an alias of pydock, pydock's docker shim, or a link to pydock.
__pydock_docker_is_pydock() {
    local alias=${BASH_ALIASES[docker]-} found pydock head=
    if [[ -n $alias ]]; then
        [[ $alias == pydock || $alias == "pydock "* || $alias == */pydock || $alias == */pydock\ * ]]
        return
    fi
    found=$(type -P docker) || return 1
    pydock=$(type -P pydock) && [[ $found -ef $pydock ]] && return 0
    read -r -N 512 head < "$found" 2>/dev/null
    [[ $head == *'@MARKER@'* ]]
}

_pydock_docker() {
    if __pydock_docker_is_pydock; then
        _pydock "$@"
        return
    fi
    # docker is another program: step aside for good; 124 makes bash look again (and
    # bash-completion's loader find that docker's own completion, if any).
    __pydock_docker_declined=1
    complete -r docker
    return 124
}

complete -F _pydock pydock
# A real docker's completion is left alone: docker is claimed when it is pydock, or when no docker
# completion is loaded yet, to be checked on Tab (an alias may come later in ~/.bashrc).
if __pydock_docker_is_pydock || { [[ -z ${__pydock_docker_declined-} ]] && ! complete -p docker &>/dev/null; }; then
    complete -F _pydock_docker docker
fi
"""
