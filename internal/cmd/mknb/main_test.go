package main

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// tree makes a notebooks folder with the given sources and notebooks.
func tree(t *testing.T, srcs, nbs map[string]string) string {
	t.Helper()
	return treeAt(t, t.TempDir(), "nb", srcs, nbs)
}

// treeAt is tree in the folder parent/name.
func treeAt(t *testing.T, parent, name string, srcs, nbs map[string]string) string {
	t.Helper()
	dir := filepath.Join(parent, name)
	if err := os.MkdirAll(filepath.Join(dir, "src"), 0o755); err != nil {
		t.Fatal(err)
	}
	for name, text := range srcs {
		if err := os.WriteFile(filepath.Join(dir, "src", name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for name, text := range nbs {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func generated(t *testing.T, src string) string {
	t.Helper()
	b, err := Convert("src", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestCheck(t *testing.T) {
	const a, b = "# %%\nx := 1\n", "# %% [markdown]\n# B\n"
	dir0 := t.TempDir()
	withOutput := strings.Replace(generated(t, a), `"outputs": []`, `"outputs": [{"output_type": "stream", "name": "stdout", "text": ["1"]}]`, 1)
	tests := []struct {
		name string
		nbs  map[string]string
		want []string // one substring per expected problem line
	}{
		{"in sync", map[string]string{"a.ipynb": generated(t, a), "b.ipynb": generated(t, b)}, nil},
		{"missing", map[string]string{"a.ipynb": generated(t, a)}, []string{"b.ipynb: missing"}},
		{"stale", map[string]string{"a.ipynb": generated(t, a), "b.ipynb": generated(t, b+"# more\n")}, []string{"b.ipynb: stale: differs from what " + filepath.Join(dir0, "stale", "src", "b.gonb")}},
		{"outputs", map[string]string{"a.ipynb": withOutput, "b.ipynb": generated(t, b)}, []string{"a.ipynb: has outputs in 1 cell(s)"}},
		{"not JSON", map[string]string{"a.ipynb": "{", "b.ipynb": generated(t, b)}, []string{"a.ipynb: not valid notebook JSON"}},
		{"orphan", map[string]string{"a.ipynb": generated(t, a), "b.ipynb": generated(t, b), "c.ipynb": "{}"}, []string{"c.ipynb: no source " + filepath.Join(dir0, "orphan", "src", "c.gonb")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := treeAt(t, dir0, tt.name, map[string]string{"a.gonb": a, "b.gonb": b}, tt.nbs)
			got, err := Check(dir)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("problems %q, want %d matching %q", got, len(tt.want), tt.want)
			}
			for i, w := range tt.want {
				if !strings.Contains(got[i], w) || !strings.HasPrefix(got[i], dir) {
					t.Errorf("problem %q, want the notebook's path and %q", got[i], w)
				}
			}
			err = run([]string{"-check", "-dir", dir}, io.Discard)
			if (err != nil) != (len(tt.want) > 0) {
				t.Errorf("run -check: err = %v with %d problems", err, len(tt.want))
			}
		})
	}
}

func TestGenerate(t *testing.T) {
	const a, b = "# %%\nx := 1\n", "# %% [markdown]\n# B\n"
	dir := tree(t, map[string]string{"a.gonb": a, "b.gonb": b}, map[string]string{"a.ipynb": generated(t, a), "b.ipynb": "old"})
	written, err := Generate(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(written) != 1 || written[0] != filepath.Join(dir, "b.ipynb") {
		t.Errorf("wrote %q, want only b.ipynb", written)
	}
	if problems, err := Check(dir); err != nil || len(problems) > 0 {
		t.Errorf("after Generate: problems %q, err %v", problems, err)
	}
	if err := run([]string{"-dir", dir}, io.Discard); err != nil {
		t.Errorf("run: %v", err)
	}
}

func TestErrors(t *testing.T) {
	empty := t.TempDir()
	bad := tree(t, map[string]string{"x.gonb": "# %%\n\xfe\n"}, nil)
	for _, tt := range []struct {
		name string
		args []string
		want string
	}{
		{"no sources", []string{"-check", "-dir", empty}, "no notebook sources"},
		{"not UTF-8", []string{"-dir", bad}, filepath.Join(bad, "src", "x.gonb") + ": not UTF-8"},
		{"extra args", []string{"a.gonb"}, "unexpected arguments"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := run(tt.args, io.Discard)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want it to contain %q", err, tt.want)
			}
		})
	}
}
