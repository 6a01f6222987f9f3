package cmdenv

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
)

// Command is one subcommand: Run parses args (everything after the
// subcommand name) and writes its normal output to stdout.
type Command struct {
	Summary string
	Run     func(ctx context.Context, args []string, stdout, stderr io.Writer) error
}

// Exec runs the subcommand c, named name, and returns the exit status: 0
// on success or when the user only asked for help (flag.ErrHelp), 1 after
// printing the error as "nasred NAME: error".
func Exec(ctx context.Context, name string, c Command, args []string, stdout, stderr io.Writer) int {
	if err := c.Run(ctx, args, stdout, stderr); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		fmt.Fprintf(stderr, "nasred %s: %v\n", name, err)
		return 1
	}
	return 0
}

// Main runs a binary's run function on the process's arguments under
// Interruptible and exits with its status.
func Main(run func(ctx context.Context, args []string, stdout, stderr io.Writer) int) {
	ctx, stop := Interruptible(context.Background(), "nasred", os.Stderr, os.Exit)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
