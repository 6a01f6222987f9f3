package nb201_test

import (
	"fmt"

	"github.com/nasred/nasred/nasred/space/nb201"
)

func ExampleParse() {
	c, err := nb201.Parse("|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|")
	if err != nil {
		fmt.Println(err)
		return
	}
	for k, e := range nb201.Edges() {
		fmt.Printf("%d→%d %s\n", e.From, e.To, c[k])
	}
	// Output:
	// 0→1 nor_conv_3x3
	// 0→2 nor_conv_3x3
	// 1→2 avg_pool_3x3
	// 0→3 skip_connect
	// 1→3 nor_conv_3x3
	// 2→3 skip_connect
}

func ExampleParse_error() {
	_, err := nb201.Parse("|nor_conv_3x3~0|+|conv~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|")
	fmt.Println(err)
	// Output:
	// nb201: parse "|nor_conv_3x3~0|+|conv~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|": token "conv~0": unknown operation "conv"
}

func ExampleCell_IsomorphismKey() {
	a := nb201.MustParse("|nor_conv_3x3~0|+|avg_pool_3x3~0|none~1|+|skip_connect~0|nor_conv_1x1~1|skip_connect~2|")
	b := nb201.MustParse("|avg_pool_3x3~0|+|nor_conv_3x3~0|none~1|+|skip_connect~0|skip_connect~1|nor_conv_1x1~2|")
	fmt.Println(a.IsomorphismKey())
	fmt.Println(b.IsomorphismKey())
	fmt.Println(a.ReducedKey() == b.ReducedKey())
	// Output:
	// #+(0)@avg_pool_3x3+((0)@nor_conv_3x3)@nor_conv_1x1+0
	// (#+(0)@nor_conv_3x3)@nor_conv_1x1+(0)@avg_pool_3x3+0
	// true
}

func ExampleCell_Neighbours() {
	c := nb201.MustParse("|none~0|+|none~0|none~1|+|skip_connect~0|none~1|none~2|")
	ns := c.Neighbours()
	fmt.Println(len(ns))
	fmt.Println(ns[0])
	// Output:
	// 24
	// |skip_connect~0|+|none~0|none~1|+|skip_connect~0|none~1|none~2|
}
