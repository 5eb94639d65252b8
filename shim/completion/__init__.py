"""Shell completion for pydock (and `docker` when docker is pydock), generated from the spec.

`model` reads the spec tables into what a completer needs; `bash`, `zsh` and `fish` render one script
each; `generate` writes them to `completions/`; `names` is the hot-path helper the scripts call for
container, image and network names; `command` is `pydock completion` (print or install a script).
"""
