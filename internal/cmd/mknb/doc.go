// Command mknb builds the GoNB notebooks in notebooks/ from their text
// sources in notebooks/src/, and checks that the committed notebooks match.
//
// A source is plain text in "percent" format, one cell after each marker
// line:
//
//	# %% [markdown]    a Markdown cell; a leading "# " is removed from each line
//	# %%               a Go code cell
//
// Lines before the first marker are ignored and trailing blank lines of a
// cell are dropped. The notebook has no outputs, cell ids cell-00,
// cell-01, … and the kernel "Go (nasred)"; it is written as JSON with a
// one-space indent and non-ASCII text kept as UTF-8, so that the .ipynb
// files review as text.
//
// Usage, from the repository root:
//
//	go run ./internal/cmd/mknb           regenerate every notebooks/NAME.ipynb from notebooks/src/NAME.gonb
//	go run ./internal/cmd/mknb -check    fail, naming each notebook that is stale,
//	                                     carries outputs, is missing, or has no source
//
// -dir sets the notebooks folder (default "notebooks"). Regenerating
// rewrites only the notebooks whose content changes, each atomically.
// Edit the sources, never the .ipynb: regenerating discards edits and
// outputs saved from Jupyter.
package main
