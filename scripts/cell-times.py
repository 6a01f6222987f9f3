#!/usr/bin/python3
"""Time the first code cells of a notebook in a fresh kernel.

usage: cell-times.py NOTEBOOK.ipynb [N]

Starts the project's kernel (gonb-nasred), runs the first N code cells
(default 3) in order and prints the wall-clock seconds of each, as a
Jupyter user waits for them. Nothing is written. notebooks/README.md
quotes its numbers with a cold (empty GOCACHE) and a warm build cache.
"""
import sys
import time

import nbformat
from nbclient import NotebookClient


def main():
    path = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, kernel_name="gonb-nasred", timeout=1800)
    start = time.monotonic()
    with client.setup_kernel():
        print("kernel start %.1f s" % (time.monotonic() - start))
        done = 0
        for i, cell in enumerate(nb.cells):
            if cell.cell_type != "code" or done == n:
                continue
            t0 = time.monotonic()
            client.execute_cell(cell, i)
            first = cell.source.split("\n")[0] if cell.source else ""
            kinds = sorted({o.get("output_type") for o in cell.outputs})
            print("cell %d %.1f s  %r %s" % (i, time.monotonic() - t0, first, kinds))
            done += 1


if __name__ == "__main__":
    main()
