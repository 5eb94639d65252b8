"""Go's text/tabwriter as docker's fork configures it: elastic tabstops, display-width cells.

docker prints tables through `tabwriter.NewWriter(out, 10, 1, 3, ' ', 0)`: a tab ends a cell; a
column's width is its widest cell plus 3 (at least 10) within each run of lines that have a cell
there (a "column block"); the text after a line's last tab is not part of any column.
"""

from __future__ import annotations


def display_width(text: str) -> int:
    """Terminal columns of text (East Asian wide characters count two, as go-runewidth does)."""
    if text.isascii():
        return len(text)
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 0 if unicodedata.combining(ch)
               else 1 for ch in text)


def align(text: str, minwidth: int = 10, padding: int = 3, tabwidth: int = 0) -> str:
    """Align tab-separated text the way docker's tables are aligned. With `tabwidth`, columns are filled with
    tabs instead of spaces (Go's padchar '\t': each column's width rounded up to a multiple of tabwidth)."""
    lines = text.split("\n")
    trailing = lines.pop() if lines else ""
    cells = [line.split("\t") for line in lines]
    out: list[str] = []
    _format(cells, 0, len(cells), [], minwidth, padding, out, tabwidth)
    result = "".join(out)
    return result + trailing  # text after the last newline (none in docker's tables)


def _format(cells: list[list[str]], line0: int, line1: int, widths: list[int], minwidth: int,
            padding: int, out: list[str], tabwidth: int = 0) -> None:
    """The recursive column-block pass of Go's Writer.format."""
    column = len(widths)
    this = line0
    while this < line1:
        if column >= len(cells[this]) - 1:
            this += 1
            continue
        # A block of lines that all have a cell in this column starts here.
        _write_lines(cells, line0, this, widths, out, tabwidth)
        line0 = this
        width = minwidth
        while this < line1 and column < len(cells[this]) - 1:
            width = max(width, display_width(cells[this][column]) + padding)
            this += 1
        _format(cells, line0, this, [*widths, width], minwidth, padding, out, tabwidth)
        line0 = this
    _write_lines(cells, line0, line1, widths, out, tabwidth)


def _write_lines(cells: list[list[str]], line0: int, line1: int, widths: list[int],
                 out: list[str], tabwidth: int = 0) -> None:
    for line in cells[line0:line1]:
        for j, cell in enumerate(line):
            out.append(cell)
            if j < len(widths) and j < len(line) - 1:
                if tabwidth:
                    stop = -(-widths[j] // tabwidth) * tabwidth
                    out.append("\t" * -(-(stop - display_width(cell)) // tabwidth))
                else:
                    out.append(" " * (widths[j] - display_width(cell)))
        out.append("\n")
