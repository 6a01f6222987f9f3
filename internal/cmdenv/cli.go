package cmdenv

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sync"
	"syscall"

	"github.com/nasred/nasred/internal/input"
)

// Interruptible returns a context that the first SIGINT or SIGTERM
// cancels: the command stops cleanly (training saves a checkpoint). A
// second signal calls exit at once with status 128+signal, so that no
// blocked system call can hold the process. name prefixes the messages
// written to stderr; stop ends the handling.
func Interruptible(parent context.Context, name string, stderr io.Writer, exit func(int)) (ctx context.Context, stop func()) {
	ctx, cancel := context.WithCancel(parent)
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	done := make(chan struct{})
	go func() {
		select {
		case s := <-sigs:
			fmt.Fprintf(stderr, "%s: %v: stopping (send it again to exit at once)\n", name, s)
			cancel()
		case <-done:
			return
		}
		select {
		case s := <-sigs:
			fmt.Fprintf(stderr, "%s: second %v: exiting now\n", name, s)
			code := 130
			if n, ok := s.(syscall.Signal); ok {
				code = 128 + int(n)
			}
			exit(code)
		case <-done:
		}
	}()
	var once sync.Once
	return ctx, func() {
		once.Do(func() {
			signal.Stop(sigs)
			close(done)
			cancel()
		})
	}
}

// WithInputLimit applies $NASRED_MAX_INPUT_BYTES (input.EnvMaxBytes), when
// set, to ctx: it replaces the size limit of every input the command
// reads. getenv is os.Getenv in the binaries.
func WithInputLimit(ctx context.Context, getenv func(string) string) (context.Context, error) {
	s := getenv(input.EnvMaxBytes)
	if s == "" {
		return ctx, nil
	}
	n, err := input.ParseSize(s)
	if err != nil {
		return ctx, fmt.Errorf("%s: %w", input.EnvMaxBytes, err)
	}
	return input.WithMaxBytes(ctx, n), nil
}
