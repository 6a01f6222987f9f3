package input_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/nasred/nasred/internal/input"
)

// A reader opens its file with a limit suited to its format, peeks at the
// first bytes to detect the format, then reads on from the same buffer.
func ExampleOpen() {
	dir, _ := os.MkdirTemp("", "input")
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "labels.csv")
	os.WriteFile(path, []byte("genotype,val_accuracy\nx,0.9\n"), 0o644)

	f, err := input.Open(context.Background(), path, input.Limit{What: "a label file", Bytes: input.MiB})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer f.Close()
	head, _ := f.Peek(8)
	all, _ := f.ReadAll()
	fmt.Printf("%q, then %d bytes\n", head, len(all))

	_, err = input.Open(context.Background(), path, input.Limit{What: "a label file", Bytes: 10})
	var tl *input.TooLargeError
	fmt.Println(errors.As(err, &tl), tl.Limit.Bytes, tl.Size)
	// Output:
	// "genotype", then 28 bytes
	// true 10 28
}
