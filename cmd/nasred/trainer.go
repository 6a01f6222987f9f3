package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"time"
)

// trainerName is the binary that runs the subcommands that train (package
// cmd/nasred-train). Keeping them there keeps GoMLX, XLA and their package
// initialisation out of this binary, whose other subcommands start in
// about a millisecond.
const trainerName = "nasred-train"

// runTrainer returns the run function of subcommand name, which
// nasred-train implements: it replaces this process by "nasred-train name
// args..." (same standard streams, signals and exit status). When stdout
// and stderr are not this process's own (tests), it runs nasred-train as a
// child instead, interrupting it when ctx ends.
func runTrainer(name string) func(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return func(ctx context.Context, args []string, stdout, stderr io.Writer) error {
		path, err := findTrainer()
		if err != nil {
			return err
		}
		argv := append([]string{path, name}, args...)
		if stdout == os.Stdout && stderr == os.Stderr {
			err := syscall.Exec(path, argv, os.Environ())
			return fmt.Errorf("run %s: %w", path, err)
		}
		cmd := exec.CommandContext(ctx, path, argv[1:]...)
		cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, stdout, stderr
		cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
		cmd.WaitDelay = time.Minute
		if err := cmd.Run(); err != nil {
			var ee *exec.ExitError
			if errors.As(err, &ee) {
				return fmt.Errorf("%s %s: %w", trainerName, name, err)
			}
			return fmt.Errorf("run %s: %w", path, err)
		}
		return nil
	}
}

// findTrainer looks for nasred-train beside this executable, then on PATH.
func findTrainer() (string, error) {
	if exe, err := os.Executable(); err == nil {
		p := filepath.Join(filepath.Dir(exe), trainerName)
		if st, err := os.Stat(p); err == nil && !st.IsDir() {
			return p, nil
		}
	}
	if p, err := exec.LookPath(trainerName); err == nil {
		return p, nil
	}
	return "", fmt.Errorf("this subcommand trains networks and runs %s, which is neither beside nasred nor on PATH: build both with `go build -o bin/ ./cmd/nasred ./cmd/nasred-train` (or make build)", trainerName)
}
