// Package nbdisplay shows nasred figures and tables inline in a GoNB
// (Go Jupyter kernel) notebook.
//
// Show renders a *plot.Figure or *plot.Grid to PNG and sends it to the
// notebook as an image/png output (so nbconvert can extract it as a
// figure file); ShowSVG sends the vector version; ShowTable renders rows
// of strings as an escaped HTML table. Outside a notebook (a test, the
// CLI, `go run`) every function does nothing and returns nil, so analysis
// code can call them unconditionally. TableHTML returns the table markup
// for use elsewhere (reports, files).
//
// Kind: figure. It shows figures and tables in GoNB notebooks (README,
// Layout).
package nbdisplay
