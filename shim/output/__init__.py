"""docker's output: tables, human units and `--format` templates, from backend-neutral data."""
