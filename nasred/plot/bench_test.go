package plot

import "testing"

// benchGroups returns the OI values of all 15,625 NB201 cells × 6 edges
// (93,750 values) spread over the five operations, split into two groups
// as in the top-vs-bottom figure.
func benchGroups() []BoxGroup {
	const cells, edges = 15625, 6
	a, b := oiGroup("top", 5, cells*edges/10, 1), oiGroup("bottom", 5, cells*edges/10, 2)
	return []BoxGroup{a, b}
}

func BenchmarkOIBoxesBuild(b *testing.B) {
	g := benchGroups()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := OIBoxes("OI", nb201Ops, g, 0.001, BoxOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkOIBoxesPNG(b *testing.B) {
	f, err := OIBoxes("OI", nb201Ops, benchGroups(), 0.001, BoxOptions{YScale: SymLog})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := f.PNG(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkOIBoxesSVG(b *testing.B) {
	f, err := OIBoxes("OI", nb201Ops, benchGroups(), 0.001, BoxOptions{YScale: SymLog})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := f.SVG(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkOpCountsPNG(b *testing.B) {
	f, err := OpCounts("counts", dartsOps, []Series{{"normal", []float64{1, 2, 3, 4, 5, 6, 7, 8}}, {"reduce", []float64{8, 7, 6, 5, 4, 3, 2, 1}}}, BarOptions{Annotate: true})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := f.PNG(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkNewBoxStats(b *testing.B) {
	v := oiGroup("g", 1, 15625*6, 3).Values[0]
	b.ReportAllocs()
	for b.Loop() {
		if _, err := NewBoxStats(v); err != nil {
			b.Fatal(err)
		}
	}
}
