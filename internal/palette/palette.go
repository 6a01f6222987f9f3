package palette

import (
	"fmt"
	"hash/fnv"
	"image/color"
)

// rgb builds an opaque colour from a 0xRRGGBB literal.
func rgb(hex uint32) color.NRGBA {
	return color.NRGBA{R: uint8(hex >> 16), G: uint8(hex >> 8), B: uint8(hex), A: 0xff}
}

// opColors assigns each NAS-Bench-201 and DARTS operation one colour of Paul
// Tol's colour-blind-safe "muted" scheme (plus grey for none), so that an
// operation has the same colour in every figure of the project.
var opColors = map[string]color.NRGBA{
	"none":         rgb(0xaaaaaa), // grey
	"skip_connect": rgb(0x332288), // indigo
	"nor_conv_1x1": rgb(0x88ccee), // cyan
	"nor_conv_3x3": rgb(0xcc6677), // rose
	"avg_pool_3x3": rgb(0xddcc77), // sand
	"max_pool_3x3": rgb(0x999933), // olive
	"sep_conv_3x3": rgb(0x117733), // green
	"sep_conv_5x5": rgb(0x44aa99), // teal
	"dil_conv_3x3": rgb(0x882255), // wine
	"dil_conv_5x5": rgb(0xaa4499), // purple
}

// opAliases maps common short spellings to the canonical operation names.
var opAliases = map[string]string{
	"skip":     "skip_connect",
	"identity": "skip_connect",
	"zero":     "none",
	"conv_1x1": "nor_conv_1x1",
	"conv_3x3": "nor_conv_3x3",
	"avg_pool": "avg_pool_3x3",
	"max_pool": "max_pool_3x3",
}

// okabeIto is the Okabe & Ito (2008) colour-blind-safe qualitative palette,
// in the order used for series: blue, orange, bluish green, vermillion,
// reddish purple, sky blue, yellow, black.
var okabeIto = [...]color.NRGBA{
	rgb(0x0072b2), rgb(0xe69f00), rgb(0x009e73), rgb(0xd55e00),
	rgb(0xcc79a7), rgb(0x56b4e9), rgb(0xf0e442), rgb(0x000000),
}

// OpColor returns the project-wide colour of an operation. The ten NB201
// and DARTS operation names (none, skip_connect, nor_conv_1x1,
// nor_conv_3x3, avg_pool_3x3, max_pool_3x3, sep_conv_3x3, sep_conv_5x5,
// dil_conv_3x3, dil_conv_5x5) have fixed, mutually distinct colours from
// Paul Tol's colour-blind-safe "muted" scheme; a few short aliases (skip,
// conv_3x3, ...) map to the same colours. Any other name gets a colour of
// the Okabe-Ito palette chosen by a hash of the name, so it is stable
// across runs and figures.
func OpColor(name string) color.NRGBA {
	if c, ok := opColors[name]; ok {
		return c
	}
	if canon, ok := opAliases[name]; ok {
		return opColors[canon]
	}
	h := fnv.New32a()
	h.Write([]byte(name))
	return okabeIto[h.Sum32()%uint32(len(okabeIto))]
}

// Series returns the colour of the i-th series (bar group, box group
// or line) from the Okabe-Ito colour-blind-safe palette, cycling after
// eight. Negative i is treated as 0.
func Series(i int) color.NRGBA {
	if i < 0 {
		i = 0
	}
	return okabeIto[i%len(okabeIto)]
}

// NumSeries is the number of distinct series colours.
const NumSeries = len(okabeIto)

// Hex returns c as #rrggbb.
func Hex(c color.Color) string {
	r, g, b, _ := c.RGBA()
	return fmt.Sprintf("#%02x%02x%02x", r>>8, g>>8, b>>8)
}
