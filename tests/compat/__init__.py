"""Differential tests: the same docker scripts against Docker Engine and against pydock."""
