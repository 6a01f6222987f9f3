// Package plot draws the figures of nasred's analyses with gonum/plot:
// operation-count bar charts, operation-importance (OI) box plots with the
// |OI| < threshold band shaded, line charts with error bands, and
// multi-panel grids of them, as PNG, SVG or PDF.
//
// Every constructor takes plain data (names and float64 slices), so any
// analysis package can plot without this package knowing its types:
//
//   - OpCounts: grouped bars of a count per operation, one colour per
//     series ("all edges" vs "important edges", "top" vs "bottom" cells),
//     optionally normalised to fractions.
//   - OIBoxes: box plots of OI values per operation, several groups side
//     by side (top vs bottom cells, normal vs reduce cells), on a linear or
//     symmetric-log y axis (SymLog), with the band |OI| < threshold shaded.
//     Box statistics follow matplotlib/NumPy (see BoxStats), so figures
//     match those of the paper.
//   - Bars: generic grouped bars (motif support vs reference incidence).
//   - Lines: y against x per series with optional mean ± sd bands
//     (accuracy change vs edges removed, loss curves).
//   - NewGrid: panels in rows and columns with aligned axes.
//
// Each returns a *Figure, which wraps the *gonum.org/v1/plot.Plot
// (exported as Figure.Plot for customisation) with a default size of
// 8 × 4.5 inches at 150 dpi, a legend drawn above the data (never on
// it), and x labels that slant automatically when they would overlap.
// Figure.PNG, SVG and PDF return bytes; Figure.Save writes a file
// atomically, choosing the format by extension.
//
// Colours are colour-blind safe and consistent across figures: OpColor
// gives every NB201 and DARTS operation a fixed colour (Paul Tol's
// "muted" scheme), and series use the Okabe-Ito palette (SeriesColor).
// GraphGrid draws small labelled directed graphs (motifs) in a grid, edges
// in their operation's colour, as a *Drawing. The colours come from
// internal/palette, which the DOT exports of package motif share.
//
// Package nbdisplay (nasred/plot/nbdisplay) shows figures and tables
// inline in GoNB notebooks.
//
// Kind: figure. It draws plain values (numbers, names, small graphs) and
// imports no algorithm package; package analysis wires results to it
// (README, Layout).
package plot
