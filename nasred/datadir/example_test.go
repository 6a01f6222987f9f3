package datadir_test

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/nasred/nasred/nasred/datadir"
)

func ExampleResolve() {
	dir, _ := os.MkdirTemp("", "data")
	defer os.RemoveAll(dir)
	os.Setenv(datadir.EnvVar, dir) // what a user's shell or the notebook kernel sets
	defer os.Unsetenv(datadir.EnvVar)

	got, err := datadir.Resolve("") // no --data flag: NASRED_DATA wins
	fmt.Println(got == dir, err)

	_, err = datadir.File("", filepath.Join("nb201", "nats_bench_tss_200ep.csv"))
	fmt.Println(err != nil) // the file is not there: the error says where to get it
	// Output:
	// true <nil>
	// true
}
