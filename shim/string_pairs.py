"""pflag's stringToString flag values (`--docker host=…,skip-tls-verify=true`): a value with one `=` is one pair,
with more it is a CSV record (Go's encoding/csv); repeated flags merge, a later key winning. Loaded only for such
a flag.
"""

from __future__ import annotations


def string_to_string(raw: str) -> dict[str, str]:
    """One --docker value as pflag's stringToString reads it; raises the problem text of a bad one."""
    if "=" not in raw:
        raise ValueError(f"{raw} must be formatted as key=value")
    pairs = [raw.strip('"')] if raw.count("=") == 1 else _csv_record(raw)
    out: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep:
            raise ValueError(f"{pair} must be formatted as key=value")
        out[key] = value
    return out


def _csv_record(line: str) -> list[str]:
    """Go's encoding/csv reading one record: quoted fields with `""`, a bare quote elsewhere is an error."""
    fields: list[str] = []
    i = 0
    while True:
        if line[i:i + 1] == '"':
            j, field = i + 1, []
            while True:
                k = line.find('"', j)
                if k < 0:
                    raise ValueError(f'parse error on line 1, column {len(line) + 1}: extraneous or missing " in '
                                     "quoted-field")
                field.append(line[j:k])
                if line[k + 1:k + 2] == '"':
                    field.append('"')
                    j = k + 2
                    continue
                i = k + 1
                break
            if i < len(line) and line[i] != ",":
                raise ValueError(f'parse error on line 1, column {i + 1}: extraneous or missing " in quoted-field')
            fields.append("".join(field))
        else:
            end = line.find(",", i)
            end = len(line) if end < 0 else end
            quote = line.find('"', i, end)
            if quote >= 0:
                raise ValueError(f'parse error on line 1, column {quote + 1}: bare " in non-quoted-field')
            fields.append(line[i:end])
            i = end
        if i >= len(line):
            return fields
        i += 1  # the comma
