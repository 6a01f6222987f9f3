package study

import (
	"errors"
	"fmt"
	"os"
	"syscall"
)

// lock is an exclusive advisory lock (flock) on a file: the process that
// runs an item holds the lock of its run folder, so that a local run, a
// Slurm task and a requeued task never train the same item at once. The
// kernel releases it when the process ends, however it ends.
type lock struct{ f *os.File }

// errLocked is returned by tryLock when another process holds the lock.
var errLocked = errors.New("locked by another process")

// tryLock takes the lock on path (creating the file) without waiting.
func tryLock(path string) (*lock, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("lock: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, errLocked
		}
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	return &lock{f}, nil
}

// unlock releases the lock.
func (l *lock) unlock() { l.f.Close() }

// isLocked reports whether another process holds the lock on path; a
// missing file is not locked.
func isLocked(path string) (bool, error) {
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		return false, nil
	}
	l, err := tryLock(path)
	if errors.Is(err, errLocked) {
		return true, nil
	}
	if err != nil {
		return false, err
	}
	l.unlock()
	return false, nil
}
