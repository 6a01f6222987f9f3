#!/usr/bin/env python3
"""Reference (test oracle) for internal/cmd/mknb: the original Python generator,
writing keys sorted as nbformat (and so Jupyter) does.

Build a GoNB notebook (.ipynb) from a percent-format source file.

usage: mknb.py SRC.gonb OUT.ipynb

The source is plain text, cells separated by marker lines:
  # %% [markdown]    starts a Markdown cell (lines may start with "# ")
  # %%               starts a Go code cell
Notebook sources live in notebooks/src/; edit them there and rebuild, so
that the notebooks stay reviewable as text. Outputs are not stored.
"""
import json
import sys


def cells_of(text):
    cells, kind, lines = [], None, []

    def flush():
        if kind is None:
            return
        while lines and not lines[-1].strip():
            lines.pop()
        src = "\n".join(lines)
        if kind == "markdown":
            src = "\n".join(l[2:] if l.startswith("# ") else ("" if l == "#" else l) for l in lines)
            cells.append({"cell_type": "markdown", "metadata": {}, "source": src})
        else:
            cells.append({"cell_type": "code", "metadata": {}, "execution_count": None,
                          "outputs": [], "source": src})

    for line in text.splitlines():
        if line.strip() == "# %% [markdown]":
            flush()
            kind, lines = "markdown", []
        elif line.strip() == "# %%":
            flush()
            kind, lines = "code", []
        elif kind is not None:
            lines.append(line)
    flush()
    return cells


def main():
    src, out = sys.argv[1], sys.argv[2]
    with open(src) as f:
        cells = cells_of(f.read())
    for c in cells:
        s = c["source"]
        c["source"] = [l + "\n" for l in s.split("\n")[:-1]] + [s.split("\n")[-1]] if s else []
    nb = {
        "cells": cells,
        "metadata": {
            "kernelspec": {"display_name": "Go (nasred)", "language": "go", "name": "gonb-nasred"},
            "language_info": {"name": "go", "file_extension": ".go", "mimetype": "text/x-go"},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    for i, c in enumerate(cells):
        c["id"] = "cell-%02d" % i
    tmp = out + ".tmp"
    with open(tmp, "w") as f:
        json.dump(nb, f, indent=1, ensure_ascii=False, sort_keys=True)
        f.write("\n")
    import os
    os.replace(tmp, out)


if __name__ == "__main__":
    main()
