package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nasred/nasred/nasred/datadir"
)

func TestTrainCLIErrors(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"train"}, "missing --space, --arch, --dataset, --out"},
		{[]string{"train", "--space", "nb201", "--arch", "|bogus~0|+|none~0|none~1|+|none~0|none~1|none~2|", "--dataset", "mnist", "--out", dir}, "bogus"},
		{[]string{"train", "--space", "nb301", "--arch", "x", "--dataset", "mnist", "--out", dir}, "unknown search space"},
		{[]string{"train", "--space", "darts", "--arch", "DARTS_V2", "--dataset", "imagenet", "--out", dir}, "unknown data set"},
		{[]string{"train", "--space", "darts", "--arch", "DARTS_V2", "--dataset", "cifar10", "--out", dir}, "cifar-10-binary"},
		{[]string{"train", "--space", "darts", "--arch", "DARTS_V2", "--dataset", "mnist", "--out", dir, "--resume"}, "no checkpoint"},
		{[]string{"train", "--space", "darts", "--arch", "DARTS_V2", "--dataset", "mnist", "--out", dir, "--recalibrate", "-1"}, "recalibrate batches -1"},
		{[]string{"train", "--recipe", "fast", "--space", "darts", "--arch", "DARTS_V2", "--dataset", "cifar10", "--out", dir}, `--recipe: recipe "fast": expected paper or quick`},
		{[]string{"train", "--space", "darts", "--arch", "DARTS_V2", "--dataset", "mnist", "--out", dir, "--backend", "xla:/no/such/xla_cuda_plugin.so"}, "jax"},
	} {
		if _, err := datadir.MNISTDir(); err != nil && strings.Contains(strings.Join(tc.args, " "), "mnist") {
			continue
		}
		var out, errb bytes.Buffer
		code := run(context.Background(), tc.args, &out, &errb)
		if code == 0 || !strings.Contains(errb.String(), tc.want) {
			t.Errorf("%v: exit %d, stderr %q, want it to contain %q", tc.args, code, errb.String(), tc.want)
		}
	}
}

// TestTrainCLI trains a tiny NB201 network for a few steps on a slice of
// MNIST, then runs the same command again: the second run resumes from the
// final checkpoint and prints the same result.
func TestTrainCLI(t *testing.T) {
	if _, err := datadir.MNISTDir(); err != nil {
		t.Skip(err)
	}
	dir := t.TempDir()
	args := []string{"train", "--space", "nb201", "--arch", "|nor_conv_3x3~0|+|skip_connect~0|nor_conv_1x1~1|+|skip_connect~0|avg_pool_3x3~1|nor_conv_3x3~2|",
		"--dataset", "mnist", "--channels", "4", "--cells", "1", "--steps", "4", "--batch", "16",
		"--train-limit", "200", "--test-limit", "50", "--eval-batch", "50", "--eval-every", "2", "--log-every", "2", "--out", dir}
	var out, errb bytes.Buffer
	if code := run(context.Background(), args, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	last := lines[len(lines)-1]
	if !strings.HasPrefix(last, "test_accuracy=0.") || len(last) != len("test_accuracy=0.0000") {
		t.Fatalf("last line %q", last)
	}
	csv, err := os.ReadFile(filepath.Join(dir, "metrics.csv"))
	if err != nil {
		t.Fatal(err)
	}
	rows := strings.Split(strings.TrimSpace(string(csv)), "\n")
	if len(rows) != 3 || !strings.HasPrefix(rows[0], "step,epoch,lr") || !strings.HasPrefix(rows[2], "4,") {
		t.Fatalf("metrics.csv:\n%s", csv)
	}
	if !strings.Contains(errb.String(), "step 2/4") {
		t.Errorf("no progress lines in %q", errb.String())
	}
	// The first line is the effective recipe: MNIST's default, with the
	// flags that override it.
	first, _, _ := strings.Cut(errb.String(), "\n")
	if !strings.HasPrefix(first, "recipe quick (the default for mnist; --recipe quick|paper chooses): steps 4, batch 16, lr 0.1,") ||
		!strings.HasSuffix(first, "; set by flags: --steps --batch") {
		t.Errorf("first stderr line %q", first)
	}
	var out2, errb2 bytes.Buffer
	if code := run(context.Background(), args, &out2, &errb2); code != 0 {
		t.Fatalf("rerun: exit %d: %s", code, errb2.String())
	}
	lines2 := strings.Split(strings.TrimSpace(out2.String()), "\n")
	if lines2[len(lines2)-1] != last || !strings.Contains(errb2.String(), "resumed from step 4") {
		t.Fatalf("rerun printed %q (%q), want %q", lines2[len(lines2)-1], errb2.String(), last)
	}
	args[len(args)-3] = "3" // --log-every differs: same configuration
	args = append(args, "--seed", "2")
	var out3, errb3 bytes.Buffer
	if code := run(context.Background(), args, &out3, &errb3); code == 0 || !strings.Contains(errb3.String(), "another configuration") {
		t.Fatalf("other seed: exit %d, %q", code, errb3.String())
	}
}
