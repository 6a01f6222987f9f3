package plot

import (
	"math"
	"strconv"

	gplot "gonum.org/v1/plot"
)

// Scale selects how a value axis maps data to the page.
type Scale int

const (
	// Linear is the ordinary linear axis.
	Linear Scale = iota
	// SymLog is a symmetric logarithmic axis: close to linear within
	// ±LinThresh of zero and logarithmic beyond, so OI values near zero
	// (where the |OI| < threshold band lies) and the long tails (an edge
	// whose change ruins the cell) are both visible.
	SymLog
)

// symlog is the symmetric-log transform t(v) = sign(v)·log10(1 + |v|/c).
// A SymLog figure plots t(v) on a linear gonum axis and labels its ticks
// with v, so that every gonum layout computation (labels, alignment of
// grids) stays linear.
type symlog struct{ c float64 }

func (s symlog) fwd(v float64) float64 {
	if v < 0 {
		return -math.Log10(1 - v/s.c)
	}
	return math.Log10(1 + v/s.c)
}

func (s symlog) inv(t float64) float64 {
	if t < 0 {
		return -s.c * (math.Pow(10, -t) - 1)
	}
	return s.c * (math.Pow(10, t) - 1)
}

// symlogTicks is a gplot.Ticker in transformed coordinates: labelled
// major ticks at 0 and ±c·10^k, unlabelled minor ticks at the multiples
// 2..9 of each decade. On a side of the axis where fewer than two
// decades beyond ±c are labelled (OI ranges of a few thousandths), the
// multiples 2 and 5 are labelled too, so magnitudes beyond the band can
// be read. skipThresh leaves ±c unlabelled (set when the axis is too
// short for labels that close to 0).
type symlogTicks struct {
	s          symlog
	skipThresh bool
}

// Ticks implements gplot.Ticker; min and max are transformed values.
func (st symlogTicks) Ticks(min, max float64) []gplot.Tick {
	s := st.s
	lo, hi := s.inv(min), s.inv(max)
	var ticks []gplot.Tick
	add := func(v float64, major bool) {
		if v < lo || v > hi {
			return
		}
		t := gplot.Tick{Value: s.fwd(v)}
		if major {
			t.Label = strconv.FormatFloat(v, 'g', 3, 64)
		}
		ticks = append(ticks, t)
	}
	add(0, true)
	top := math.Max(math.Abs(lo), math.Abs(hi))
	// Decades spanned; keep at most ~6 labelled per side by striding.
	nd := 0
	for d := s.c; d <= top*1.0000001 && nd < 400; d *= 10 {
		nd++
	}
	stride := 1
	if nd > 6 {
		stride = (nd + 5) / 6
	}
	// beyond[side] counts the labelled decades past ±c on that side
	// (0 positive, 1 negative).
	var beyond [2]int
	for k, d := 1, s.c*10; k < nd; k, d = k+1, d*10 {
		if k%stride == 0 {
			if d <= hi {
				beyond[0]++
			}
			if -d >= lo {
				beyond[1]++
			}
		}
	}
	for k, d := 0, s.c; k < nd; k, d = k+1, d*10 {
		major := k%stride == 0 && !(k == 0 && st.skipThresh)
		add(d, major)
		add(-d, major)
		mid := !(k == 0 && st.skipThresh)
		for m := 2.0; m <= 9; m++ {
			add(m*d, mid && beyond[0] < 2 && (m == 2 || m == 5))
			add(-m*d, mid && beyond[1] < 2 && (m == 2 || m == 5))
		}
	}
	return ticks
}

// yTransform returns the data-to-plot transform of the y axis and
// configures p's ticks for it.
func yTransform(p *gplot.Plot, sc Scale, linThresh float64) func(float64) float64 {
	if sc != SymLog {
		return func(v float64) float64 { return v }
	}
	s := symlog{c: linThresh}
	p.Y.Tick.Marker = symlogTicks{s: s}
	return s.fwd
}
