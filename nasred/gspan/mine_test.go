package gspan

import (
	"context"
	"fmt"
	"reflect"
	"testing"
	"time"
)

// TestWorkSharing checks that busy workers hand work to idle ones and
// that the output stays that of one worker, also when the output buffer
// is tiny and workers wait for each other.
func TestWorkSharing(t *testing.T) {
	gs := SyntheticMolecules(9, 80)
	for _, directed := range []bool{false, true} {
		want := mine(t, gs, Options{Directed: directed, MinSupport: 6, Workers: 1})
		for _, c := range []struct {
			workers, limit int
			noBitset       bool
		}{{2, 0, false}, {3, 0, true}, {8, 0, false}, {3, 1, false}, {4, 200, true}} {
			shared := int64(0)
			// Whether work is shared depends on timing; a few runs
			// make it all but certain.
			for try := 0; try < 10 && shared == 0; try++ {
				m, err := newMiner(gs, Options{Directed: directed, MinSupport: 6, Workers: c.workers, bufferLimit: c.limit, noBitset: c.noBitset})
				if err != nil {
					t.Fatal(err)
				}
				res, err := runWithin(t, m, time.Minute)
				if err != nil || !res.Complete {
					t.Fatalf("workers %d: complete %v, err %v", c.workers, res.Complete, err)
				}
				if !reflect.DeepEqual(res.Patterns, want) {
					t.Fatalf("directed=%v workers %d buffer %d: %d patterns, differ from one worker's %d",
						directed, c.workers, c.limit, len(res.Patterns), len(want))
				}
				shared = m.shared.Load()
			}
			if shared == 0 {
				t.Errorf("directed=%v workers %d: no work was shared in 10 runs", directed, c.workers)
			}
		}
	}
}

// runWithin runs m, failing the test if it has not finished after d (a
// segment of the output left open would make it wait forever).
func runWithin(t *testing.T, m *miner, d time.Duration) (Result, error) {
	t.Helper()
	type out struct {
		res Result
		err error
	}
	done := make(chan out, 1)
	go func() {
		res, err := m.run(context.Background())
		done <- out{res, err}
	}()
	select {
	case o := <-done:
		return o.res, o.err
	case <-time.After(d):
		t.Fatalf("mining did not finish in %v", d)
		return Result{}, nil
	}
}

// TestManyLabels mines with label alphabets too large for the dense key
// table (so extension keys go through the map) and compares with the same
// graphs without the extra labels.
func TestManyLabels(t *testing.T) {
	gs := SyntheticMolecules(5, 40)
	want := mine(t, gs, Options{MinSupport: 4, Workers: 1})
	// One extra graph holds 1500 vertex and 1500 edge labels, each once,
	// so they are infrequent but make the label tables large.
	extra := Graph{ID: 1000}
	for i := range 1500 {
		extra.Vertices = append(extra.Vertices, fmt.Sprintf("v%04d", i))
		if i > 0 {
			extra.Edges = append(extra.Edges, Edge{i - 1, i, fmt.Sprintf("e%04d", i)})
		}
	}
	got := mine(t, append(gs[:len(gs):len(gs)], extra), Options{MinSupport: 4, Workers: 1})
	if !reflect.DeepEqual(got, want) {
		t.Errorf("with many labels: %d patterns, want %d", len(got), len(want))
	}
}

func TestEncodePattern(t *testing.T) {
	codes := [][]tuple{
		{{0, 1, 3, 0, 5}},
		{{0, 1, 3, 0, 5}, {1, 2, 5, 1, 5}},
		{{0, 1, 3, 0, 5}, {1, 2, 5, 1, 5}, {2, 0, 5, 2, 3}},
		{{0, 1, 3, 0, 5}, {0, 2, 3, 200, 1 << 20}},
		{{0, 1, 1, 1, 1}},
	}
	groups := [][]emb{
		{{0, 1, -1}, {0, 2, -1}, {7, 0, -1}},
		{{3, 0, 0}},
		{{1, 0, 0}, {2, 0, 0}, {2, 5, 1}, {300, 0, 2}},
		{{0, 0, 0}},
		{{5, 0, 0}, {1 << 20, 0, 0}},
	}
	var buf []byte
	var prev []tuple
	for i, code := range codes {
		buf = encodePattern(buf, prev, code, int32(i+2), groups[i])
		prev = code
	}
	var code []tuple
	var gids []int32
	for i := range codes {
		var nv int32
		code, gids, nv, buf = decodePattern(buf, code, gids)
		var want []int32
		for j, e := range groups[i] {
			if j == 0 || e.gid != groups[i][j-1].gid {
				want = append(want, e.gid)
			}
		}
		if !reflect.DeepEqual(code, codes[i]) || !reflect.DeepEqual(gids, want) || nv != int32(i+2) {
			t.Errorf("pattern %d: decoded %v %v %d, want %v %v %d", i, code, gids, nv, codes[i], want, i+2)
		}
	}
	if len(buf) != 0 {
		t.Errorf("%d bytes left over", len(buf))
	}
}
