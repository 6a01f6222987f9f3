package nb201_test

import (
	"fmt"
	"strings"

	nb201bench "github.com/nasred/nasred/nasred/bench/nb201"
	"github.com/nasred/nasred/nasred/space/nb201"
)

func ExampleReadNB201CSV() {
	csv := `CIFAR10TestAccuracy200Epochs,CIFAR100TestAccuracy200Epochs,ImageNetTestAccuracy200Epochs,ArchitectureString,UniqueString
93.66,70.29,44.03,|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|,u
`
	t, err := nb201bench.ReadNB201CSV(strings.NewReader(csv), "example.csv")
	if err != nil {
		fmt.Println(err)
		return
	}
	c := nb201.MustParse("|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|")
	idx, _ := t.Index(c)
	e, _ := t.Error(nb201bench.CIFAR10, c)
	fmt.Printf("index %d, CIFAR-10 error %.4f\n", idx, e)
	// Output:
	// index 0, CIFAR-10 error 0.0634
}
