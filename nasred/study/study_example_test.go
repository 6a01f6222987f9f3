package study_test

import (
	"fmt"

	"github.com/nasred/nasred/nasred/space/darts"
	"github.com/nasred/nasred/nasred/study"
)

// ItemID names the run folder of a training run: the same genotype, seed
// and recipe always give the same id.
func ExampleItemID() {
	fmt.Println(study.ItemID("darts", darts.DARTSV2.CompactString(), 0, "abc"))
	// Output: 6907144465c3
}

// ArraySpec writes the pending items of a study as a Slurm --array value.
func ExampleArraySpec() {
	fmt.Println(study.ArraySpec([]int{0, 1, 2, 3, 7, 9, 10}))
	// Output: 0-3,7,9-10
}
