package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestTrainerForwarding runs "nasred train" and "nasred study" against a
// stand-in nasred-train on PATH: the arguments arrive in order after the
// subcommand name, the output comes back, and a failing exit status is an
// error.
func TestTrainerForwarding(t *testing.T) {
	dir := t.TempDir()
	script := "#!/bin/sh\necho \"args: $*\"\necho warn >&2\n[ \"$2\" = fail ] && exit 3\nexit 0\n"
	if err := os.WriteFile(filepath.Join(dir, trainerName), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", dir)
	for _, tc := range []struct {
		args []string
		code int
		out  string
	}{
		{[]string{"train", "--space", "nb201", "--arch", "a b"}, 0, "args: train --space nb201 --arch a b\n"},
		{[]string{"study", "status", "x"}, 0, "args: study status x\n"},
		{[]string{"train", "fail"}, 1, "args: train fail\n"},
	} {
		var stdout, stderr bytes.Buffer
		code := run(t.Context(), tc.args, &stdout, &stderr)
		if code != tc.code || stdout.String() != tc.out || !strings.HasPrefix(stderr.String(), "warn\n") {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want exit %d, stdout %q", tc.args, code, stdout.String(), stderr.String(), tc.code, tc.out)
		}
		if tc.code != 0 && !strings.Contains(stderr.String(), "exit status 3") {
			t.Errorf("%q: stderr %q does not give the trainer's exit status", tc.args, stderr.String())
		}
	}
}

func TestTrainerMissing(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	var stdout, stderr bytes.Buffer
	if code := run(t.Context(), []string{"train", "--space", "nb201"}, &stdout, &stderr); code != 1 || !strings.Contains(stderr.String(), "go build -o bin/ ./cmd/nasred ./cmd/nasred-train") {
		t.Fatalf("exit %d, stderr %q", code, stderr.String())
	}
}
