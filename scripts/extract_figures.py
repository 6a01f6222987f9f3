#!/usr/bin/env python3
"""Write every PNG output of an executed notebook to a folder.

usage: extract_figures.py NOTEBOOK.ipynb OUTDIR

Files are named <notebook>-<cell>-<k>.png; each is written to a temporary
name and renamed, so a failed run leaves no partial image.
"""
import base64
import json
import os
import sys


def main():
    nb_path, out_dir = sys.argv[1], sys.argv[2]
    os.makedirs(out_dir, exist_ok=True)
    stem = os.path.splitext(os.path.basename(nb_path))[0]
    with open(nb_path) as f:
        nb = json.load(f)
    n = 0
    for ci, cell in enumerate(nb.get("cells", [])):
        k = 0
        for out in cell.get("outputs", []):
            png = out.get("data", {}).get("image/png")
            if not png:
                continue
            if isinstance(png, list):
                png = "".join(png)
            k += 1
            name = os.path.join(out_dir, "%s-cell%02d-%d.png" % (stem, ci, k))
            tmp = name + ".tmp"
            with open(tmp, "wb") as g:
                g.write(base64.b64decode(png))
            os.replace(tmp, name)
            n += 1
    print("[figures] %s: %d PNG" % (stem, n), file=sys.stderr)


if __name__ == "__main__":
    main()
