package study

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/nasred/nasred/nasred/train"
)

// The tests of this package run the test binary itself as the trainer:
// with fakeEnv set, TestMain acts as a `nasred train` that writes a
// metrics.csv computed from its arguments (see fakeTrain).
const fakeEnv = "NASRED_STUDY_FAKE_TRAIN"

// Settings of the fake trainer (environment variables of the test).
const (
	// fakeFailOnce makes the first attempt at every item fail.
	fakeFailOnce = "NASRED_STUDY_FAKE_FAIL_ONCE"
	// fakeFailAlways makes every attempt fail.
	fakeFailAlways = "NASRED_STUDY_FAKE_FAIL_ALWAYS"
	// fakeWait makes the trainer write a checkpoint, then wait for an
	// interrupt (it then exits like an interrupted `nasred train`).
	fakeWait = "NASRED_STUDY_FAKE_WAIT"
)

func TestMain(m *testing.M) {
	if os.Getenv(fakeEnv) == "1" {
		os.Exit(fakeTrain(os.Args[1:]))
	}
	os.Exit(m.Run())
}

// fakeTrain is a stand-in for `nasred train`: its accuracies are a hash of
// the architecture, seed and steps, so equal items give equal metrics.
func fakeTrain(args []string) int {
	if len(args) == 0 || args[0] != "train" {
		fmt.Fprintln(os.Stderr, "fake trainer: want train")
		return 2
	}
	cfg, err := train.ParseArgs(args[1:], io.Discard)
	if err != nil || cfg.Options.OutDir == "" {
		fmt.Fprintln(os.Stderr, "nasred train:", err)
		return 2
	}
	out := cfg.Options.OutDir
	if err := os.MkdirAll(out, 0o755); err != nil {
		fmt.Fprintln(os.Stderr, "nasred train:", err)
		return 1
	}
	marker := filepath.Join(out, "fake-attempted")
	_, statErr := os.Stat(marker)
	os.WriteFile(marker, nil, 0o644)
	if os.Getenv(fakeFailAlways) == "1" || (os.Getenv(fakeFailOnce) == "1" && statErr != nil) {
		fmt.Fprintln(os.Stderr, "nasred train: fake failure")
		return 1
	}
	steps := cfg.Options.Steps
	for s := 1; s <= steps; s++ {
		fmt.Fprintf(os.Stderr, "step %d/%d epoch 0.1 loss 1 acc 0.1 lr 0.1 1.0 img/s 0s\n", s, steps)
	}
	if os.Getenv(fakeWait) == "1" && !train.HasCheckpoint(out) {
		os.WriteFile(filepath.Join(out, train.CheckpointFile), []byte("fake"), 0o644)
		c := make(chan os.Signal, 1)
		signal.Notify(c, os.Interrupt)
		select {
		case <-c:
		case <-time.After(time.Minute):
		}
		fmt.Fprintln(os.Stderr, "nasred train: context canceled")
		return 1
	}
	h := sha256.Sum256([]byte(fmt.Sprintf("%s|%d|%d", cfg.Network.Arch, cfg.Options.Seed, steps)))
	acc := func(k int) float64 { return float64(binary.LittleEndian.Uint16(h[2*k:])%1000) / 1000 }
	rows := []train.Row{
		{Step: steps / 2, Epoch: 0.5, LR: 0.1, TrainLoss: 1, TrainAccuracy: acc(0), ValAccuracy: acc(1), TestAccuracy: nan(), Seconds: 1},
		{Step: steps, Epoch: 1, LR: 0, TrainLoss: 1, TrainAccuracy: acc(2), ValAccuracy: acc(3), TestAccuracy: acc(4), Seconds: 2},
	}
	f, err := os.Create(filepath.Join(out, train.MetricsFile))
	if err == nil {
		err = train.WriteMetricsCSV(f, rows)
		f.Close()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "nasred train:", err)
		return 1
	}
	fmt.Printf("steps=%d train_loss=1.0000\ntest_accuracy=%.4f\n", steps, rows[1].TestAccuracy)
	return 0
}

// tinyRecipe is a recipe of a small darts network on synthetic data.
var tinyRecipe = []string{"--space", "darts", "--dataset", "synthetic", "--channels", "4", "--cells", "2", "--steps", "4", "--batch", "8", "--train-limit", "64", "--test-limit", "32"}

// planTiny plans a study of n random darts genotypes × seeds in a
// temporary folder.
func planTiny(t *testing.T, n int, seeds ...uint64) *Study {
	t.Helper()
	s, err := Plan(t.Context(), PlanOptions{Out: filepath.Join(t.TempDir(), "study"), Recipe: tinyRecipe,
		Sample: "random:" + strconv.Itoa(n), Seeds: seeds})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// fakeRunOptions run items with the fake trainer.
func fakeRunOptions(t *testing.T) RunOptions {
	t.Helper()
	t.Setenv(fakeEnv, "1")
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	return RunOptions{Nasred: exe, Workers: 2, StopGrace: 10 * time.Second}
}

func jsonBytes(v any) ([]byte, error) { return json.Marshal(v) }
