package analysis_test

import (
	"fmt"

	"github.com/nasred/nasred/nasred/analysis"
)

func ExampleParseNB301Archs() {
	text := "# DARTS V2\n[[(0, 3), (1, 3), (0, 3), (1, 3), (1, 3), (0, 2), (0, 2), (1, 5)], [(0, 0), (1, 0), (2, 2), (1, 0), (0, 0), (2, 2), (2, 2), (1, 0)]]\n"
	a, err := analysis.ParseNB301Archs([]byte(text), "darts.txt")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(a.Format, len(a.Genotypes), a.Genotypes[0].Normal[7])
	// Output: genotype text (one per line) 1 {dil_conv_3x3 1}
}
