package plot

import (
	"image/color"

	"github.com/nasred/nasred/internal/palette"
)

// rgb builds an opaque colour from a 0xRRGGBB literal.
func rgb(hex uint32) color.NRGBA {
	return color.NRGBA{R: uint8(hex >> 16), G: uint8(hex >> 8), B: uint8(hex), A: 0xff}
}

// OpColor returns the project-wide colour of an operation (see package
// internal/palette, shared with the DOT exports of package motif). The ten
// NB201 and DARTS operation names (none, skip_connect, nor_conv_1x1,
// nor_conv_3x3, avg_pool_3x3, max_pool_3x3, sep_conv_3x3, sep_conv_5x5,
// dil_conv_3x3, dil_conv_5x5) have fixed, mutually distinct colours from
// Paul Tol's colour-blind-safe "muted" scheme; a few short aliases (skip,
// conv_3x3, ...) map to the same colours. Any other name gets a colour of
// the Okabe-Ito palette chosen by a hash of the name, so it is stable
// across runs and figures.
func OpColor(name string) color.Color { return palette.OpColor(name) }

// SeriesColor returns the colour of the i-th series (bar group, box group
// or line) from the Okabe-Ito colour-blind-safe palette, cycling after
// eight. Negative i is treated as 0.
func SeriesColor(i int) color.Color { return palette.Series(i) }

// OkabeIto returns a fresh copy of the eight-colour Okabe-Ito palette used
// by SeriesColor.
func OkabeIto() []color.Color {
	out := make([]color.Color, palette.NumSeries)
	for i := range out {
		out[i] = palette.Series(i)
	}
	return out
}

// Lighten mixes c with white: f = 0 returns c, f = 1 returns white. The
// alpha channel is kept. It is used for box fills and error bands.
func Lighten(c color.Color, f float64) color.Color {
	if f < 0 {
		f = 0
	} else if f > 1 {
		f = 1
	}
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	mix := func(v uint8) uint8 { return uint8(float64(v) + (255-float64(v))*f + 0.5) }
	return color.NRGBA{R: mix(n.R), G: mix(n.G), B: mix(n.B), A: n.A}
}

// withAlpha returns c with its alpha replaced by a (0..1), as a
// non-premultiplied colour.
func withAlpha(c color.Color, a float64) color.Color {
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	n.A = uint8(a*255 + 0.5)
	return n
}

// Neutral colours used by all figures.
var (
	inkColor  = rgb(0x222222) // box outlines, medians, whiskers
	gridColor = rgb(0xe3e3e3) // horizontal grid lines
)

// contrastInk returns inkColor on light fills and white on dark ones, so
// that a median line stays visible on any box colour.
func contrastInk(fill color.Color) color.Color {
	n := color.NRGBAModel.Convert(fill).(color.NRGBA)
	// Relative luminance (Rec. 709 weights on the gamma-encoded values,
	// good enough to pick black or white).
	l := (0.2126*float64(n.R) + 0.7152*float64(n.G) + 0.0722*float64(n.B)) / 255
	if l < 0.4 {
		return rgb(0xffffff)
	}
	return inkColor
}
