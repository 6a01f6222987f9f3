"""Jupyter pre-save hook: generated notebooks are saved as they are committed.

scripts/notebook.sh (`make notebook`) and scripts/browser-test.py start
Jupyter with PYTHONPATH=scripts and

    --FileContentsManager.pre_save_hook=nasred_jupyter.pre_save

For a notebook NAME.ipynb that has a source src/NAME.gonb beside it (every
notebook in notebooks/), the hook drops the outputs, execution counts and
cell metadata, and resets the notebook metadata to what internal/cmd/mknb
writes. Running cells and saving (Jupyter autosaves every two minutes) then
rewrites the same bytes, so the checkout stays clean; edited cell sources
are saved, and `make test` reports them as out of sync with src/, where
edits belong. Other notebooks are saved untouched.
"""
import os

KERNELSPEC = {"display_name": "Go (nasred)", "language": "go", "name": "gonb-nasred"}
LANGUAGE_INFO = {"file_extension": ".go", "mimetype": "text/x-go", "name": "go"}


def pre_save(model, path, contents_manager, **kwargs):
    if model.get("type") != "notebook" or not model.get("content"):
        return
    os_path = os.path.join(contents_manager.root_dir, path.strip("/"))
    folder, name = os.path.split(os_path)
    if not os.path.isfile(os.path.join(folder, "src", os.path.splitext(name)[0] + ".gonb")):
        return
    nb = model["content"]
    for cell in nb.get("cells", []):
        cell["metadata"] = {}
        if cell.get("cell_type") == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
    nb["metadata"] = {"kernelspec": dict(KERNELSPEC), "language_info": dict(LANGUAGE_INFO)}
