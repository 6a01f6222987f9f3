package pyoracle

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// Find returns the path of the first python3 on $PATH that imports every
// module of mods, or an empty string and a reason when there is none.
func Find(mods ...string) (path, reason string) {
	code := "pass"
	if len(mods) > 0 {
		code = "import " + strings.Join(mods, ", ")
	}
	seen := map[string]bool{}
	found := false
	for _, dir := range filepath.SplitList(os.Getenv("PATH")) {
		if dir == "" {
			continue
		}
		p, err := exec.LookPath(filepath.Join(dir, "python3"))
		if err != nil {
			continue
		}
		if real, err := filepath.EvalSymlinks(p); err == nil {
			if seen[real] {
				continue
			}
			seen[real] = true
		}
		found = true
		if exec.Command(p, "-c", code).Run() == nil {
			return p, ""
		}
	}
	if !found {
		return "", "no python3 on $PATH"
	}
	return "", "no python3 on $PATH imports " + strings.Join(mods, ", ")
}

// Python returns the path of the first python3 on $PATH that imports
// every module of mods, or skips tb.
func Python(tb testing.TB, mods ...string) string {
	tb.Helper()
	p, reason := Find(mods...)
	if p == "" {
		tb.Skip(reason)
	}
	return p
}
