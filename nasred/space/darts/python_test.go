package darts

import (
	"bytes"
	"os/exec"
	"strings"
	"testing"

	"github.com/nasred/nasred/internal/pyoracle"
)

// TestPythonRepr checks DARTSString against Python itself: Python reads
// each genotype's compact form with ast.literal_eval, builds DARTS'
// Genotype namedtuple and prints its repr, which must equal DARTSString.
func TestPythonRepr(t *testing.T) {
	py := pyoracle.Python(t)
	const script = `
import ast, sys
from collections import namedtuple
Genotype = namedtuple('Genotype', 'normal normal_concat reduce reduce_concat')
OPS = ['max_pool_3x3', 'avg_pool_3x3', 'skip_connect', 'sep_conv_3x3', 'sep_conv_5x5', 'dil_conv_3x3', 'dil_conv_5x5', 'none']
for line in sys.stdin:
    n, r = ast.literal_eval(line)
    cell = lambda c: [(OPS[op], inp) for inp, op in c]
    print(repr(Genotype(normal=cell(n), normal_concat=[2, 3, 4, 5], reduce=cell(r), reduce_concat=[2, 3, 4, 5])))
`
	s, _ := NewSampler("random")
	r := NewRand(11)
	var in bytes.Buffer
	var want []string
	for i := 0; i < 200; i++ {
		g := s.Sample(r)
		if i%10 == 0 {
			g = g.WithEdge(i%NumEdges, Edge{Op: None, Input: g.Edge(i % NumEdges).Input})
		}
		in.WriteString(g.CompactString() + "\n")
		want = append(want, g.DARTSString())
	}
	cmd := exec.Command(py, "-c", script)
	cmd.Stdin = &in
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("python: %v\n%s", err, out)
	}
	got := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(got) != len(want) {
		t.Fatalf("python printed %d lines, want %d", len(got), len(want))
	}
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("genotype %d: Python repr\n%s\nDARTSString\n%s", i, got[i], want[i])
		}
	}
}
