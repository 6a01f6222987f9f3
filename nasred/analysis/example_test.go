package analysis_test

import (
	"context"
	"fmt"

	"github.com/nasred/nasred/nasred/analysis"
	nb201bench "github.com/nasred/nasred/nasred/bench/nb201"
)

func ExampleNB201Ops() {
	t, src, err := analysis.LoadNB201("") // NASRED_DATA or ../shared/data
	if err != nil {
		fmt.Println("no data:", err != nil)
		return
	}
	s, err := analysis.NB201Ops(context.Background(), t, src, nb201bench.CIFAR10, analysis.NB201Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	top, _ := s.MostImportant()
	fmt.Println(len(s.Top), "top cells; most important operation:", top)
	// Output:
	// 781 top cells; most important operation: nor_conv_3x3
}
