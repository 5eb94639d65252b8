"""docker's sortorder.NaturalLess, as a sort key: the order docker's client lists ports, volumes and
networks in."""

from __future__ import annotations


def natural_key(text: str) -> list[tuple[int, int, str]]:
    """sortorder.NaturalLess as a key: runs of digits compare as numbers, other characters as bytes."""
    key, i = [], 0
    while i < len(text):
        j = i
        while j < len(text) and text[j].isdigit() == text[i].isdigit():
            j += 1
        chunk = text[i:j]
        if chunk.isdigit():
            key.append((1, int(chunk), ""))
        else:
            key.extend((0 if c < "0" else 2, 0, c) for c in chunk)
        i = j
    return key
