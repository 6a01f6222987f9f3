package main

import (
	"os"
	"testing"

	"github.com/nasred/nasred/internal/cmdenv"
)

// asNasred makes the test binary behave as the nasred command (tests of
// `nasred study` run it as the trainer and as Slurm's array tasks, so that
// they need no separate build).
const asNasred = "NASRED_TEST_AS_NASRED"

func TestMain(m *testing.M) {
	if os.Getenv(asNasred) == "1" {
		cmdenv.Main(run)
	}
	code := m.Run()
	if trainerTempDir != "" {
		os.RemoveAll(trainerTempDir)
	}
	os.Exit(code)
}
