package nn

import (
	"bytes"
	"encoding/json"
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/nasred/nasred/nasred/datadir/datatest"
)

// TestNB201ParamCountOracle checks NumParameters against NAS-Bench-201's
// published parameter counts (MB = 1e6 parameters, CIFAR-10 network: C=16,
// N=5, 10 classes), which depend only on how many edges hold nor_conv_3x3
// and nor_conv_1x1: e.g. 0.073306 MB without convolutions, 1.531546 MB with
// six 3×3 convolutions (values from NAS-Bench-201 as exported in NASLib's
// zc_nasbench201.json).
func TestNB201ParamCountOracle(t *testing.T) {
	backend := testBackend(t)
	for _, tc := range []struct {
		cell NB201Cell
		mb   float64
	}{
		{NB201Cell{"none", "skip_connect", "avg_pool_3x3", "none", "none", "skip_connect"}, 0.073306},
		{NB201Cell{"nor_conv_1x1", "skip_connect", "none", "none", "none", "none"}, 0.101306},
		{NB201Cell{"nor_conv_3x3", "nor_conv_1x1", "nor_conv_3x3", "nor_conv_1x1", "avg_pool_3x3", "none"}, 0.615386},
		{NB201Cell{"nor_conv_3x3", "nor_conv_3x3", "nor_conv_1x1", "skip_connect", "nor_conv_3x3", "nor_conv_3x3"}, 1.073466},
		{NB201Cell{"nor_conv_3x3", "nor_conv_3x3", "nor_conv_3x3", "nor_conv_3x3", "nor_conv_3x3", "nor_conv_3x3"}, 1.531546},
	} {
		net, err := NewNB201Net(tc.cell, DefaultNB201Config())
		if err != nil {
			t.Fatal(err)
		}
		got, err := NumParameters(backend, net, 32, 32)
		if err != nil {
			t.Fatal(err)
		}
		if want := int(math.Round(tc.mb * 1e6)); got != want {
			t.Errorf("%v: %d parameters, want %d", tc.cell, got, want)
		}
	}
}

// TestNB201ParamCountData checks every cell of NASLib's zc_nasbench201.json
// (CIFAR-10 entries) when the benchmark data folder is present.
func TestNB201ParamCountData(t *testing.T) {
	const path = "nb201/naslib_zc_nasbench201.json"
	raw := datatest.Read(t, path)
	var data map[string]map[string]struct {
		Params struct{ Score float64 } `json:"params"`
	}
	// Python's json writes NaN and ±Infinity for some proxies: not JSON.
	for _, lit := range []string{"-Infinity", "Infinity", "NaN"} {
		raw = bytes.ReplaceAll(raw, []byte(lit), []byte("null"))
	}
	if err := json.Unmarshal(raw, &data); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	// NASLib op indices and edge order (0→1),(0→2),(0→3),(1→2),(1→3),(2→3).
	naslibOps := []string{"skip_connect", "none", "nor_conv_3x3", "nor_conv_1x1", "avg_pool_3x3"}
	toNB201 := [6]int{0, 1, 3, 2, 4, 5} // NB201 position of each NASLib edge
	backend := testBackend(t)
	byConvs := map[[2]int]int{} // (#3x3, #1x1) → parameters
	checked := 0
	for key, entry := range data["cifar10"] {
		fields := strings.Split(strings.Trim(key, "() "), ",")
		if len(fields) != 6 {
			t.Fatalf("key %q: want 6 op indices", key)
		}
		var cell NB201Cell
		var convs [2]int
		for i, f := range fields {
			op, err := strconv.Atoi(strings.TrimSpace(f))
			if err != nil || op < 0 || op >= len(naslibOps) {
				t.Fatalf("key %q: bad op index %q", key, f)
			}
			cell[toNB201[i]] = naslibOps[op]
			switch op {
			case 2:
				convs[0]++
			case 3:
				convs[1]++
			}
		}
		got, ok := byConvs[convs]
		if !ok {
			net, err := NewNB201Net(cell, DefaultNB201Config())
			if err != nil {
				t.Fatal(err)
			}
			if got, err = NumParameters(backend, net, 32, 32); err != nil {
				t.Fatal(err)
			}
			byConvs[convs] = got
		}
		if want := int(math.Round(entry.Params.Score * 1e6)); got != want {
			t.Errorf("%s (%v): %d parameters, want %d", key, cell, got, want)
		}
		checked++
	}
	if checked == 0 {
		t.Fatalf("%s: no cifar10 entries", path)
	}
	t.Logf("%d cells, %d distinct parameter counts", checked, len(byConvs))
}
