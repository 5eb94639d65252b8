"""pydock: docker's command line on containerd, through nerdctl. See README.md."""
