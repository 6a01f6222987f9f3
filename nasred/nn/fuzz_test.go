package nn

import (
	"slices"
	"testing"
)

// FuzzNewDARTSNet feeds arbitrary operation names and inputs to the
// genotype validation: it must return an error or a network, never panic,
// and accept exactly the valid genotypes.
func FuzzNewDARTSNet(f *testing.F) {
	f.Add("sep_conv_3x3", 1, "max_pool_3x3", 0, 5, 0.2)
	f.Add("conv_7x7", 0, "none", 3, 2, 0.0)
	f.Add("skip_connect", -1, "dil_conv_5x5", 2, 0, 1.5)
	f.Fuzz(func(t *testing.T, op string, input int, op2 string, input2 int, edge int, drop float64) {
		g := DARTSV2()
		e := ((edge % 8) + 8) % 8
		g.Normal[e] = DARTSEdge{op, input}
		g.Reduce[7-e] = DARTSEdge{op2, input2}
		cfg := DefaultDARTSConfig()
		cfg.DropPathProb = drop
		net, err := NewDARTSNet(g, cfg)
		valid := slices.Contains(dartsOps, op) && slices.Contains(dartsOps, op2) &&
			input >= 0 && input <= e/2+1 && input2 >= 0 && input2 <= (7-e)/2+1 && drop >= 0 && drop < 1
		if valid != (err == nil) {
			t.Fatalf("valid=%v but err=%v", valid, err)
		}
		if err == nil && net == nil {
			t.Fatal("nil network without error")
		}
	})
}

// FuzzNewNB201Net checks NB201 cell validation the same way.
func FuzzNewNB201Net(f *testing.F) {
	f.Add("nor_conv_3x3", 2, 16)
	f.Add("conv", 0, 0)
	f.Fuzz(func(t *testing.T, op string, edge int, channels int) {
		cell := NB201Cell{"none", "skip_connect", "nor_conv_1x1", "nor_conv_3x3", "avg_pool_3x3", "none"}
		cell[((edge%6)+6)%6] = op
		cfg := DefaultNB201Config()
		cfg.Channels = channels
		_, err := NewNB201Net(cell, cfg)
		valid := slices.Contains(nb201Ops, op) && channels >= 1
		if valid != (err == nil) {
			t.Fatalf("valid=%v but err=%v", valid, err)
		}
	})
}
