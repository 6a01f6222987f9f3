package gspan

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestReadGraphs(t *testing.T) {
	in := `t # 5
v 0 C
v 1 O
e 0 1 double

t # 9
v 0 10
v 1 20
v 2 30
e 0 1 1
e 2 1 7
t # -1
this is after the terminator and ignored
`
	gs, err := ReadGraphs(strings.NewReader(in), "in.txt")
	if err != nil {
		t.Fatal(err)
	}
	want := []Graph{
		{ID: 5, Vertices: []string{"C", "O"}, Edges: []Edge{{0, 1, "double"}}},
		{ID: 9, Vertices: []string{"10", "20", "30"}, Edges: []Edge{{0, 1, "1"}, {2, 1, "7"}}},
	}
	if !reflect.DeepEqual(gs, want) {
		t.Errorf("got %+v, want %+v", gs, want)
	}
}

func TestReadGraphsErrors(t *testing.T) {
	cases := []struct {
		in   string
		line int
		want string
	}{
		{"v 0 a\n", 1, "before the first"},
		{"t # 0\nv 0 a\nv 2 b\n", 3, "expected 1"},
		{"t # 0\nv 0 a\ne 0 1 x\n", 3, "vertices 0..0"},
		{"t # 0\nv 0 a\nv 1 b\ne 1 1 x\n", 4, "self-loop"},
		{"t # 0\nv 0 a\nv 1 b\ne 0 1\n", 4, "expected \"e <from> <to> <label>\""},
		{"t # 0\nv 0\n", 2, "expected \"v <vertex id> <label>\""},
		{"t 0\n", 1, "expected \"t # <graph id>\""},
		{"t # x\n", 1, "graph id \"x\""},
		{"t # 1\nt # 1\n", 2, "already used on line 1"},
		{"t # 1\n\n\nq 1 2\n", 4, "expected a line starting with t, v or e"},
		{"t # 0\nv a x\n", 2, "vertex id \"a\""},
		{"t # 0\nv 0 a\nv 1 b\ne 0 z x\n", 4, "edge end point \"z\""},
		{"t # 0 * q\n", 1, "support \"q\""},
	}
	for _, c := range cases {
		_, err := ReadGraphs(strings.NewReader(c.in), "bad.g")
		var pe *ParseError
		if !errors.As(err, &pe) {
			t.Errorf("%q: err = %v, want a ParseError", c.in, err)
			continue
		}
		if pe.Name != "bad.g" || pe.Line != c.line || !strings.Contains(pe.Error(), c.want) {
			t.Errorf("%q: err = %v, want bad.g:%d mentioning %q", c.in, err, c.line, c.want)
		}
		if !strings.HasPrefix(err.Error(), "bad.g:") {
			t.Errorf("%q: error %q does not start with the input name", c.in, err)
		}
	}
}

func TestGraphsRoundTrip(t *testing.T) {
	gs := SyntheticMolecules(11, 30)
	var buf bytes.Buffer
	if err := WriteGraphs(&buf, gs); err != nil {
		t.Fatal(err)
	}
	back, err := ReadGraphs(&buf, "buf")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, gs) {
		t.Error("graphs differ after a write/read round trip")
	}
	for _, bad := range []Graph{
		{Vertices: []string{"a b"}},
		{Vertices: []string{""}},
		{Vertices: []string{"a", "b"}, Edges: []Edge{{0, 1, ""}}},
		{Vertices: []string{"a"}, Edges: []Edge{{0, 3, "x"}}},
	} {
		if err := WriteGraphs(&bytes.Buffer{}, []Graph{bad}); err == nil {
			t.Errorf("WriteGraphs(%+v) succeeded, want an error", bad)
		}
	}
}

func TestPatternsRoundTrip(t *testing.T) {
	for _, directed := range []bool{false, true} {
		ps := mine(t, SyntheticMolecules(12, 30), Options{Directed: directed, MinSupport: 5})
		var buf bytes.Buffer
		if err := WritePatterns(&buf, ps); err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(buf.String(), "t # 0 * ") || !strings.Contains(buf.String(), " \n\nt # 1 * ") {
			t.Errorf("output not in gBolt's layout:\n%.200s", buf.String())
		}
		back, err := ReadPatterns(&buf, "patterns")
		if err != nil {
			t.Fatal(err)
		}
		if len(back) != len(ps) {
			t.Fatalf("%d patterns read back, wrote %d", len(back), len(ps))
		}
		for i := range ps {
			want := ps[i]
			want.Code = nil
			if !reflect.DeepEqual(back[i], want) {
				t.Fatalf("pattern %d: read %+v, wrote %+v", i, back[i], want)
			}
		}
	}
}

func TestReadPatternsErrors(t *testing.T) {
	cases := []struct {
		in   string
		line int
		want string
	}{
		{"t # 0\n", 1, "expected \"t # <k> * <support>\""},
		{"t # 0 * 2\nv 0 a\nv 1 b\ne 0 1 x\nx: 1 2 3\n", 1, "support 2 but 3 graph ids"},
		{"x: 1\n", 1, "before the first"},
		{"t # 0 * 1\nv 0 a\ne 0 1 x\n", 3, "edge end point"},
		{"t # 0 * 1\nx: 1\nx: 1\n", 3, "second x: line"},
		{"t # 0 * 1\nx: q\n", 2, "graph id \"q\""},
		{"t # 0 * -1\n", 1, "support \"-1\""},
	}
	for _, c := range cases {
		_, err := ReadPatterns(strings.NewReader(c.in), "p.out")
		var pe *ParseError
		if !errors.As(err, &pe) || pe.Line != c.line || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: err = %v, want p.out:%d mentioning %q", c.in, err, c.line, c.want)
		}
	}
}

func FuzzReadGraphs(f *testing.F) {
	f.Add("t # 0\nv 0 a\nv 1 b\ne 0 1 x\n")
	f.Add("t # 0\nv 0 1\nv 1 2\nv 2 1\ne 0 1 0\ne 1 2 0\ne 2 0 3\nt # 1\nv 0 x\nt # -1\n")
	f.Add("t # 0 * 4\nv 0 a\n")
	f.Add("t # 3\nv 0 a\ne 0 0 x\n")
	f.Add("\n\nt # 2\nv 0 é\nv 1 \u00a0\n")
	f.Add("t # 99999999999999999999\n")
	f.Fuzz(func(t *testing.T, in string) {
		gs, err := ReadGraphs(strings.NewReader(in), "fuzz")
		if err != nil {
			var pe *ParseError
			if errors.As(err, &pe) && (pe.Line < 1 || !strings.HasPrefix(err.Error(), "fuzz:")) {
				t.Fatalf("error without a line: %v", err)
			}
			return
		}
		var buf bytes.Buffer
		if err := WriteGraphs(&buf, gs); err != nil {
			t.Fatalf("WriteGraphs of graphs just read: %v", err)
		}
		back, err := ReadGraphs(&buf, "again")
		if err != nil {
			t.Fatalf("reading written graphs: %v\n%s", err, buf.String())
		}
		if len(back) != len(gs) || (len(gs) > 0 && !reflect.DeepEqual(back, gs)) {
			t.Fatalf("round trip changed the graphs: %+v -> %+v", gs, back)
		}
		// Mining what was read never fails or panics.
		small := len(gs) > 0 && len(gs) < 20
		for _, g := range gs {
			small = small && len(g.Edges) <= 12
		}
		if small {
			if _, err := Mine(t.Context(), gs, Options{MinSupport: 1, MaxVertices: 4, MaxPatterns: 200}); err != nil {
				t.Fatalf("Mine: %v", err)
			}
		}
	})
}

func FuzzReadPatterns(f *testing.F) {
	f.Add("t # 0 * 2\nv 0 a\nv 1 b\ne 0 1 x\nx: 1 2 \n\n")
	f.Add("t # 0 * 1\nv 0 a\n")
	f.Add("t # 0 * 3\nx: 1 2\n")
	f.Fuzz(func(t *testing.T, in string) {
		ps, err := ReadPatterns(strings.NewReader(in), "fuzz")
		if err != nil {
			return
		}
		for _, p := range ps {
			for _, e := range p.Edges {
				if e.From < 0 || e.From >= len(p.Vertices) || e.To < 0 || e.To >= len(p.Vertices) {
					t.Fatalf("edge %v outside %d vertices accepted", e, len(p.Vertices))
				}
			}
			CanonicalKey(p.Vertices, p.Edges, true)
			CanonicalKey(p.Vertices, p.Edges, false)
		}
	})
}
