package analysis

import (
	"testing"

	"github.com/nasred/nasred/nasred/removal"
)

func TestRemovalFigure(t *testing.T) {
	r := &removal.Result{MaxRemoved: 2}
	for i := range 3 {
		d := 0.01 * float64(i)
		r.Trials = append(r.Trials, removal.Trial{BaseErr: 0.1,
			Err: [2][]float64{{0.1 + d, 0.11 + d}, {0.2 + d, 0.3 + d}}})
	}
	f, err := RemovalFigure(r, "toy")
	if err != nil {
		t.Fatal(err)
	}
	if b, err := f.PNG(); err != nil || len(b) == 0 {
		t.Fatalf("PNG: %v", err)
	}
}
