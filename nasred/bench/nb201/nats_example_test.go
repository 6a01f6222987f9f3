package nb201_test

import (
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strings"

	nb201bench "github.com/nasred/nasred/nasred/bench/nb201"
)

// natsFixtureFolder copies the synthetic fixture in testdata/nats (stored
// as NAME.fixture so that no committed file looks like benchmark data)
// into a temporary folder under the official names NAME.pickle.pbz2.
func natsFixtureFolder() (string, error) {
	dir, err := os.MkdirTemp("", "nats-example")
	if err != nil {
		return "", err
	}
	names, err := filepath.Glob("testdata/nats/*.fixture")
	if err != nil {
		return "", err
	}
	for _, n := range names {
		b, err := os.ReadFile(n)
		if err != nil {
			return "", err
		}
		real := strings.TrimSuffix(filepath.Base(n), ".fixture") + nb201bench.NATSArchSuffix
		if err := os.WriteFile(filepath.Join(dir, real), b, 0o644); err != nil {
			return "", err
		}
	}
	return dir, nil
}

// Read a NATS-Bench topology folder (here a synthetic 3-architecture
// fixture in the official layout: made-up architectures and accuracies)
// and print each architecture's 200-epoch test accuracy, averaged over
// seeds as NATS-Bench's get_more_info(..., hp='200', is_random=False) does.
func ExampleLoadNATSTopology() {
	// A folder laid out like NATS-tss-v1_0-3ffb9-simple.
	dir, err := natsFixtureFolder()
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)

	t, err := nb201bench.LoadNATSTopology(dir)
	if err != nil {
		log.Fatal(err)
	}
	for _, r := range t.Rows() {
		fmt.Printf("%d %s\n", r.Index, r.Cell)
		for _, d := range nb201bench.Datasets() {
			fmt.Printf("  %-14s %-8s %.4f\n", d, nb201bench.NATSTestSet(d), r.Accuracy[d])
		}
	}
	// Output:
	// 0 |nor_conv_3x3~0|+|skip_connect~0|nor_conv_3x3~1|+|nor_conv_1x1~0|none~1|skip_connect~2|
	//   cifar10        ori-test 91.2067
	//   cifar100       x-test   67.5133
	//   ImageNet16-120 x-test   41.0444
	// 9 |nor_conv_1x1~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|none~0|skip_connect~1|nor_conv_3x3~2|
	//   cifar10        ori-test 88.0867
	//   cifar100       x-test   60.2133
	//   ImageNet16-120 x-test   33.5222
	// 10 |avg_pool_3x3~0|+|none~0|none~1|+|nor_conv_3x3~0|none~1|none~2|
	//   cifar10        ori-test 11.3500
	//   cifar100       x-test   1.1667
	//   ImageNet16-120 x-test   0.9722
}

// Read one per-architecture file (bz2-compressed pickle; the name only
// labels errors) without its folder.
func ExampleReadNATSArchFile() {
	f, err := os.Open("testdata/nats/000009.fixture") // a synthetic 000009.pickle.pbz2
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	r, err := nb201bench.ReadNATSArchFile(f, "000009.pickle.pbz2")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(r.Index, r.Cell)
	fmt.Printf("%.4f %.4f %.4f\n", r.Accuracy[nb201bench.Datasets()[0]], r.Accuracy[nb201bench.Datasets()[1]], r.Accuracy[nb201bench.Datasets()[2]])
	// Output:
	// 9 |nor_conv_1x1~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|none~0|skip_connect~1|nor_conv_3x3~2|
	// 88.0867 60.2133 33.5222
}
