package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// tricky are sources that exercise every rule of the format.
var tricky = map[string]string{
	"empty":           "",
	"no markers":      "package main\n\nfunc main() {}\n",
	"one code cell":   "# %%\nfmt.Println(1)\n",
	"prose before":    "ignored text\n# %% [markdown]\n# Title\n",
	"empty cells":     "# %%\n# %% [markdown]\n\n\n# %%\n",
	"markers spaced":  "  # %% [markdown]  \n# a\n\t# %%\t\nx\n",
	"markdown hash":   "# %% [markdown]\n#\n# kept\n#no space\n##  h2\n  # indented\n",
	"trailing blank":  "# %%\nx\n\n   \n\t\n",
	"inner blank":     "# %%\nx\n\n\ny",
	"no final eol":    "# %% [markdown]\n# last",
	"crlf":            "# %% [markdown]\r\n# a\r\n# %%\r\nb\r\n",
	"lone cr":         "# %%\ra\rb\r",
	"unicode breaks":  "# %%\na\u2028b\u2029c\u0085d\ve\ff\x1cg\x1dh\x1ei\n",
	"escapes":         "# %%\ns := \"q\\\"\\\\\" \t// tab\n\x01\x08\x1f\x7f <>&'\n",
	"non-ASCII":       "# %% [markdown]\n# OI ≥ 0.001 — naïve 3×3 ✓ 𝛼\n# %%\n// ‘quotes’\n",
	"unicode spaces":  "# %%\nx\n\u00a0\u3000\n\u2003# %%\u00a0\ny\n",
	"many cells":      strings.Repeat("# %%\nx\n", 105),
	"separator strip": "# %%\nx\n\x1f\n",
}

// TestConvertMatchesReference checks that Convert writes the same bytes
// as the Python generator it replaces (testdata/mknb_reference.py, run once
// per case in one interpreter), on the repository's notebook sources and
// on the tricky cases.
func TestConvertMatchesReference(t *testing.T) {
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 not found: no reference generator")
	}
	dir := t.TempDir()
	cases := sources(t)
	names := make([]string, 0, len(cases))
	args := []string{"-c", `
import runpy, sys
pairs = sys.argv[1:]
for i in range(0, len(pairs), 2):
    sys.argv = ["mknb_reference.py", pairs[i], pairs[i + 1]]
    runpy.run_path("testdata/mknb_reference.py", run_name="__main__")
`}
	for name, src := range cases {
		in := filepath.Join(dir, fmt.Sprintf("%d.gonb", len(names)))
		if err := os.WriteFile(in, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		args = append(args, in, in+".ipynb")
		names = append(names, name)
	}
	cmd := exec.Command(py, args...)
	cmd.Env = append(os.Environ(), "PYTHONUTF8=1")
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("reference generator: %v\n%s", err, msg)
	}
	for i, name := range names {
		got, err := Convert(name, []byte(cases[name]))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		want, err := os.ReadFile(filepath.Join(dir, fmt.Sprintf("%d.gonb.ipynb", i)))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s: Convert differs from the reference generator\n got: %q\nwant: %q", name, got, want)
		}
	}
}

// TestConvertIsWhatJupyterSaves checks that nbformat, which Jupyter saves
// notebooks with, writes every generated notebook back to the same bytes,
// both as it is and after cells ran and scripts/nasred_jupyter.py's
// pre-save hook cleaned it: saving from Jupyter leaves no diff.
func TestConvertIsWhatJupyterSaves(t *testing.T) {
	const py = "/usr/bin/python3" // Debian's, with python3-nbformat
	if err := exec.Command(py, "-c", "import nbformat").Run(); err != nil {
		t.Skip("no nbformat for " + py)
	}
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "src"), 0o755); err != nil {
		t.Fatal(err)
	}
	var paths []string
	for name, src := range sources(t) {
		b, err := Convert(name, []byte(src))
		if err != nil {
			t.Fatal(err)
		}
		stem := strings.NewReplacer(" ", "_", "/", "_").Replace(name)
		p := filepath.Join(dir, stem+".ipynb")
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "src", stem+".gonb"), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	scripts, err := filepath.Abs("../../../scripts")
	if err != nil {
		t.Fatal(err)
	}
	const script = `
import os, sys, nbformat
sys.path.insert(0, sys.argv[1])
import nasred_jupyter

class ContentsManager:
    root_dir = os.path.dirname(sys.argv[2])

for p in sys.argv[2:]:
    nb = nbformat.read(p, as_version=nbformat.NO_CONVERT)
    nbformat.validate(nb)
    nbformat.write(nb, p + ".saved")
    # What running every cell in Notebook 6 adds.
    for c in nb.cells:
        c.metadata["trusted"] = True
        if c.cell_type == "code":
            c.outputs = [nbformat.v4.new_output("stream", name="stdout", text="out\n"),
                         nbformat.v4.new_output("display_data", data={"image/png": "iVBORw0KGgo="})]
            c.execution_count = 7
    nb.metadata.language_info["version"] = "go1.26"
    model = {"type": "notebook", "content": nb}
    nasred_jupyter.pre_save(model=model, path=os.path.basename(p), contents_manager=ContentsManager)
    nbformat.write(nbformat.from_dict(model["content"]), p + ".hooked")
`
	cmd := exec.Command(py, append([]string{"-c", script, scripts}, paths...)...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("nbformat: %v\n%s", err, out)
	}
	for _, p := range paths {
		want, _ := os.ReadFile(p)
		for _, suffix := range []string{".saved", ".hooked"} {
			got, err := os.ReadFile(p + suffix)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s: nbformat writes it differently (%s)\n got: %q\nwant: %q", filepath.Base(p), suffix, got, want)
			}
		}
	}
}

// sources returns the tricky cases and the repository's notebook sources.
func sources(t *testing.T) map[string]string {
	t.Helper()
	cases := make(map[string]string, len(tricky))
	for k, v := range tricky {
		cases[k] = v
	}
	srcs, err := filepath.Glob("../../../notebooks/src/*.gonb")
	if err != nil || len(srcs) == 0 {
		t.Fatalf("no notebook sources found (%v)", err)
	}
	for _, s := range srcs {
		b, err := os.ReadFile(s)
		if err != nil {
			t.Fatal(err)
		}
		cases[filepath.Base(s)] = string(b)
	}
	return cases
}

// TestConvertCells checks the cells of a small source against values
// written out by hand.
func TestConvertCells(t *testing.T) {
	src := "intro\n# %% [markdown]\n# # Title\n#\n# text\n\n# %%\nimport \"fmt\"\n\n%%\nfmt.Println(\"hi\")\n\n"
	want := []struct {
		kind   string
		source []string
	}{
		{"markdown", []string{"# Title\n", "\n", "text"}},
		{"code", []string{"import \"fmt\"\n", "\n", "%%\n", "fmt.Println(\"hi\")"}},
	}
	b, err := Convert("t.gonb", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	nb := decode(t, b)
	if len(nb.Cells) != len(want) {
		t.Fatalf("got %d cells, want %d", len(nb.Cells), len(want))
	}
	for i, w := range want {
		c := nb.Cells[i]
		if c.Type != w.kind || strings.Join(c.Source, "|") != strings.Join(w.source, "|") {
			t.Errorf("cell %d = %s %q, want %s %q", i, c.Type, c.Source, w.kind, w.source)
		}
	}
	if nb.Metadata.Kernelspec.Name != "gonb-nasred" || nb.Metadata.Kernelspec.DisplayName != "Go (nasred)" {
		t.Errorf("kernelspec %+v, want gonb-nasred / Go (nasred)", nb.Metadata.Kernelspec)
	}
}

func TestConvertRejectsInvalidUTF8(t *testing.T) {
	_, err := Convert("bad.gonb", []byte("# %%\n\xff\n"))
	if err == nil || !strings.Contains(err.Error(), "bad.gonb") || !strings.Contains(err.Error(), "UTF-8") {
		t.Fatalf("err = %v, want an error naming bad.gonb and UTF-8", err)
	}
}

// ipynb is the part of a notebook the tests look at.
type ipynb struct {
	Cells []struct {
		Type           string            `json:"cell_type"`
		ID             string            `json:"id"`
		Source         []string          `json:"source"`
		Outputs        []json.RawMessage `json:"outputs"`
		ExecutionCount *int              `json:"execution_count"`
	} `json:"cells"`
	Metadata struct {
		Kernelspec struct {
			Name        string `json:"name"`
			DisplayName string `json:"display_name"`
		} `json:"kernelspec"`
	} `json:"metadata"`
	NBFormat int `json:"nbformat"`
}

func decode(t testing.TB, b []byte) ipynb {
	t.Helper()
	var nb ipynb
	if err := json.Unmarshal(b, &nb); err != nil {
		t.Fatalf("generated notebook is not valid JSON: %v\n%s", err, b)
	}
	return nb
}

// FuzzConvert checks, for any source, that Convert does not panic, that
// its output is a valid notebook with one cell per marker line, and that
// every cell's source decodes back to the cell's lines.
func FuzzConvert(f *testing.F) {
	for _, src := range tricky {
		f.Add([]byte(src))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		b, err := Convert("fuzz.gonb", src)
		if !utf8.Valid(src) {
			if err == nil {
				t.Fatal("invalid UTF-8 accepted")
			}
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		cells, _ := parse("fuzz.gonb", src)
		markers := 0
		for _, l := range splitLines(string(src)) {
			if s := pyStrip(l); s == markdownMarker || s == codeMarker {
				markers++
			}
		}
		nb := decode(t, b)
		if len(nb.Cells) != markers || len(cells) != markers {
			t.Fatalf("%d and %d cells for %d markers", len(nb.Cells), len(cells), markers)
		}
		for i, c := range nb.Cells {
			if got, want := strings.Join(c.Source, ""), strings.Join(cells[i].lines, "\n"); got != want {
				t.Fatalf("cell %d source %q, want %q", i, got, want)
			}
			if c.Type != cells[i].kind || len(c.Outputs) != 0 || c.ExecutionCount != nil {
				t.Fatalf("cell %d: type %q, %d outputs, count %v", i, c.Type, len(c.Outputs), c.ExecutionCount)
			}
		}
	})
}
