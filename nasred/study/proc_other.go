//go:build !linux

package study

import "os/exec"

// stopWithParent does nothing outside Linux: a trainer outlives a killed
// parent there.
func stopWithParent(cmd *exec.Cmd) {}
