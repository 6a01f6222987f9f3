package darts_test

import (
	"context"
	"fmt"

	"github.com/nasred/nasred/nasred/space/darts"
)

// The reference code's Skip sampler: node 3 always reads the two cell
// inputs, nodes 4 and 5 never read the node just before them.
func ExampleWiring() {
	w, err := darts.ParseWiring("original")
	if err != nil {
		fmt.Println(err)
		return
	}
	for j := 2; j <= 5; j++ {
		fmt.Printf("node %d reads nodes 0..%d (corrected: 0..%d)\n", j, w.NumInputs(j)-1, darts.WiringAll.NumInputs(j)-1)
	}
	gs, err := darts.SampleN(context.Background(), darts.SampleOptions{Constraint: "skip", N: 1000, Seed: 1, Wiring: w})
	if err != nil {
		fmt.Println(err)
		return
	}
	reads := 0
	for _, g := range gs {
		if g.Normal[4].Input == 3 || g.Normal[5].Input == 3 {
			reads++
		}
	}
	fmt.Println("samples whose normal node 4 reads node 3:", reads)
	// Output:
	// node 2 reads nodes 0..1 (corrected: 0..1)
	// node 3 reads nodes 0..1 (corrected: 0..2)
	// node 4 reads nodes 0..2 (corrected: 0..3)
	// node 5 reads nodes 0..3 (corrected: 0..4)
	// samples whose normal node 4 reads node 3: 0
}
