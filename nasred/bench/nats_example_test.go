package bench_test

import (
	"fmt"
	"log"

	"github.com/nasred/nasred/nasred/bench"
)

// Read a NATS-Bench topology folder (here a 3-architecture fixture in the
// official layout) and print each architecture's 200-epoch test accuracy,
// averaged over seeds as NATS-Bench's get_more_info(..., hp='200',
// is_random=False) does.
func ExampleLoadNATSTopology() {
	t, err := bench.LoadNATSTopology("testdata/nats")
	if err != nil {
		log.Fatal(err)
	}
	for _, r := range t.Rows() {
		fmt.Printf("%d %s\n", r.Index, r.Cell)
		for _, d := range bench.Datasets() {
			fmt.Printf("  %-14s %-8s %.4f\n", d, bench.NATSTestSet(d), r.Accuracy[d])
		}
	}
	// Output:
	// 0 |avg_pool_3x3~0|+|nor_conv_1x1~0|skip_connect~1|+|nor_conv_1x1~0|skip_connect~1|skip_connect~2|
	//   cifar10        ori-test 85.8633
	//   cifar100       x-test   52.9133
	//   ImageNet16-120 x-test   26.6333
	// 9 |avg_pool_3x3~0|+|none~0|none~1|+|skip_connect~0|none~1|nor_conv_3x3~2|
	//   cifar10        ori-test 86.4433
	//   cifar100       x-test   58.0933
	//   ImageNet16-120 x-test   27.9556
	// 10 |nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|none~0|none~1|none~2|
	//   cifar10        ori-test 10.0000
	//   cifar100       x-test   1.0000
	//   ImageNet16-120 x-test   0.8333
}
