package study

import (
	"os/exec"
	"syscall"
)

// stopWithParent asks the kernel to send SIGTERM to the trainer when the
// process that started it dies, so that a killed `nasred study run` leaves
// no trainer behind (the trainer saves a checkpoint on SIGTERM).
func stopWithParent(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGTERM}
}
