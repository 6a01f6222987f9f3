package plot

import (
	"math"
	"strings"
	"testing"
)

func TestPoints(t *testing.T) {
	labels := []string{"primskip", "random"}
	groups := []PointGroup{
		{Name: "seed 0", Values: [][]float64{{0.91, 0.93}, {0.85}}},
		{Name: "seed 1", Values: [][]float64{{0.92}, {}}},
	}
	f, err := Points("accuracy by constraint", labels, groups, PointOptions{XLabel: "constraint", YLabel: "test accuracy"})
	if err != nil {
		t.Fatal(err)
	}
	f.DPI = 50
	b, err := f.PNG()
	if err != nil {
		t.Fatal(err)
	}
	checkPNG(t, b, int(math.Round(float64(f.Width)/72*50)), int(math.Round(float64(f.Height)/72*50)))
	s, err := f.SVG()
	if err != nil {
		t.Fatal(err)
	}
	texts := svgTexts(t, s)
	for _, want := range []string{"accuracy by constraint", "primskip", "random", "seed 0", "seed 1", "test accuracy"} {
		if !containsText(texts, want) {
			t.Errorf("SVG has no text %q: %q", want, texts)
		}
	}
	p := &pointPlotter{groups: groups, lo: 0.85, hi: 0.93, width: 0.3} // as Points makes it
	if x0, x1 := p.x(1, 0), p.x(1, 1); math.Abs(x0-0.85) > 1e-12 || math.Abs(x1-1.15) > 1e-12 {
		t.Errorf("group positions in category 1: %v %v, want 0.85 1.15", x0, x1)
	}
	if xmin, xmax, ymin, ymax := p.DataRange(); xmin != -0.5 || xmax != 1.5 || math.Abs(ymin-(0.85-0.004)) > 1e-12 || math.Abs(ymax-(0.93+0.004)) > 1e-12 {
		t.Errorf("DataRange %v %v %v %v", xmin, xmax, ymin, ymax)
	}
}

func TestPointsErrors(t *testing.T) {
	one := [][]float64{{1}}
	for _, tc := range []struct {
		labels []string
		groups []PointGroup
		want   string
	}{
		{nil, []PointGroup{{"a", one}}, "no labels"},
		{[]string{"x"}, nil, "no groups"},
		{[]string{"x", "y"}, []PointGroup{{"a", one}}, "has 1 value lists, want 2"},
		{[]string{"x"}, []PointGroup{{"a", [][]float64{{math.NaN()}}}}, "not finite"},
		{[]string{"x"}, []PointGroup{{"a", [][]float64{{}}}}, "no values"},
	} {
		if _, err := Points("t", tc.labels, tc.groups, PointOptions{}); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v %v: error %v, want %q", tc.labels, tc.groups, err, tc.want)
		}
	}
}
