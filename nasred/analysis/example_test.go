package analysis_test

import (
	"context"
	"fmt"

	"github.com/nasred/nasred/nasred/analysis"
	"github.com/nasred/nasred/nasred/bench"
)

func ExampleNB201Ops() {
	t, src, err := bench.LoadNB201("") // NASRED_DATA or ../shared/data
	if err != nil {
		fmt.Println("no data:", err != nil)
		return
	}
	s, err := analysis.NB201Ops(context.Background(), t, src, bench.CIFAR10, analysis.NB201Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	top, _ := s.MostImportant()
	fmt.Println(len(s.Top), "top cells; most important operation:", top)
	// Output:
	// 781 top cells; most important operation: nor_conv_3x3
}
