"""pydock install: the containerd stack from pinned, verified release artefacts."""
