package gspan

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// ParseError reports malformed text input: the input's name, the 1-based
// line number and what was expected.
type ParseError struct {
	Name string
	Line int
	Msg  string
}

func (e *ParseError) Error() string { return fmt.Sprintf("%s:%d: %s", e.Name, e.Line, e.Msg) }

// maxLine is the longest line the readers accept.
const maxLine = 64 << 20

func newScanner(r io.Reader) *bufio.Scanner {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), maxLine)
	return sc
}

// ReadGraphs reads graphs in the gSpan text format:
//
//	t # <id>
//	v <vertex id> <label>
//	e <from> <to> <label>
//
// one graph per "t" line, its vertices numbered 0, 1, ... in order, then
// (or interleaved) its edges between vertices already listed; "t # -1"
// ends the input. Labels are arbitrary tokens (no white space). In
// directed mode "e u v" means u -> v. Blank lines are ignored; a "t" line
// may carry a trailing "* <support>" (as in pattern files), which is
// ignored. Graph ids must be distinct. Errors name the input and the line:
// "name:12: ...".
func ReadGraphs(r io.Reader, name string) ([]Graph, error) {
	sc := newScanner(r)
	var gs []Graph
	ids := map[int]int{}
	line := 0
	perr := func(format string, args ...any) error {
		return &ParseError{name, line, fmt.Sprintf(format, args...)}
	}
	for sc.Scan() {
		line++
		f := strings.Fields(sc.Text())
		if len(f) == 0 {
			continue
		}
		switch f[0] {
		case "t":
			if !(len(f) == 3 || (len(f) == 5 && f[3] == "*")) || f[1] != "#" {
				return nil, perr("expected \"t # <graph id>\", got %q", sc.Text())
			}
			id, err := strconv.Atoi(f[2])
			if err != nil {
				return nil, perr("graph id %q: expected an integer", f[2])
			}
			if id == -1 {
				return gs, nil
			}
			if len(f) == 5 {
				if _, err := strconv.Atoi(f[4]); err != nil {
					return nil, perr("support %q: expected an integer", f[4])
				}
			}
			if l, ok := ids[id]; ok {
				return nil, perr("graph id %d already used on line %d", id, l)
			}
			ids[id] = line
			gs = append(gs, Graph{ID: id})
		case "v":
			if len(gs) == 0 {
				return nil, perr("vertex before the first \"t # <id>\" line")
			}
			if len(f) != 3 {
				return nil, perr("expected \"v <vertex id> <label>\", got %q", sc.Text())
			}
			g := &gs[len(gs)-1]
			id, err := strconv.Atoi(f[1])
			if err != nil {
				return nil, perr("vertex id %q: expected an integer", f[1])
			}
			if id != len(g.Vertices) {
				return nil, perr("vertex id %d: expected %d (vertices must be numbered 0, 1, ... in order)", id, len(g.Vertices))
			}
			g.Vertices = append(g.Vertices, f[2])
		case "e":
			if len(gs) == 0 {
				return nil, perr("edge before the first \"t # <id>\" line")
			}
			if len(f) != 4 {
				return nil, perr("expected \"e <from> <to> <label>\", got %q", sc.Text())
			}
			g := &gs[len(gs)-1]
			var uv [2]int
			for i := range uv {
				v, err := strconv.Atoi(f[1+i])
				if err != nil {
					return nil, perr("edge end point %q: expected an integer vertex id", f[1+i])
				}
				if v < 0 || v >= len(g.Vertices) {
					return nil, perr("edge end point %d: graph %d has vertices 0..%d so far", v, g.ID, len(g.Vertices)-1)
				}
				uv[i] = v
			}
			if uv[0] == uv[1] {
				return nil, perr("edge %d-%d is a self-loop; self-loops are not supported", uv[0], uv[1])
			}
			g.Edges = append(g.Edges, Edge{uv[0], uv[1], f[3]})
		default:
			return nil, perr("expected a line starting with t, v or e, got %q", truncate(sc.Text()))
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read %s after line %d: %w", name, line, err)
	}
	return gs, nil
}

func truncate(s string) string {
	if len(s) > 60 {
		return s[:60] + "..."
	}
	return s
}

// WriteGraphs writes gs in the gSpan text format read by ReadGraphs
// (without the optional "t # -1" terminator). Labels must be non-empty
// tokens without white space.
func WriteGraphs(w io.Writer, gs []Graph) error {
	bw := bufio.NewWriter(w)
	for gi, g := range gs {
		fmt.Fprintf(bw, "t # %d\n", g.ID)
		if err := writeBody(bw, g.Vertices, g.Edges); err != nil {
			return fmt.Errorf("graph %d (id %d): %w", gi, g.ID, err)
		}
	}
	return bw.Flush()
}

func writeBody(bw *bufio.Writer, vs []string, es []Edge) error {
	b, err := appendBody(nil, vs, es)
	if err != nil {
		return err
	}
	_, err = bw.Write(b)
	return err
}

// appendBody appends the v and e lines of a graph to b.
func appendBody(b []byte, vs []string, es []Edge) ([]byte, error) {
	for i, l := range vs {
		if !validToken(l) {
			return b, fmt.Errorf("vertex %d: label %q is not a token (non-empty, no white space)", i, l)
		}
		b = append(b, "v "...)
		b = strconv.AppendInt(b, int64(i), 10)
		b = append(b, ' ')
		b = append(b, l...)
		b = append(b, '\n')
	}
	for i, e := range es {
		if !validToken(e.Label) {
			return b, fmt.Errorf("edge %d: label %q is not a token (non-empty, no white space)", i, e.Label)
		}
		if e.From < 0 || e.From >= len(vs) || e.To < 0 || e.To >= len(vs) {
			return b, fmt.Errorf("edge %d: end points %d-%d outside vertices 0..%d", i, e.From, e.To, len(vs)-1)
		}
		b = append(b, "e "...)
		b = strconv.AppendInt(b, int64(e.From), 10)
		b = append(b, ' ')
		b = strconv.AppendInt(b, int64(e.To), 10)
		b = append(b, ' ')
		b = append(b, e.Label...)
		b = append(b, '\n')
	}
	return b, nil
}

// WritePatterns writes patterns in gBolt's output format: for pattern k,
//
//	t # k * <support>
//	v/e lines of the pattern (edges in DFS-code order)
//	x: <graph id> <graph id> ... (each id followed by a space)
//
// and a blank line.
func WritePatterns(w io.Writer, ps []Pattern) error {
	pw := NewPatternWriter(w)
	for _, p := range ps {
		if err := pw.Write(p); err != nil {
			return err
		}
	}
	return pw.Flush()
}

// PatternWriter writes patterns one at a time in the format of
// WritePatterns, numbering them from 0; use it with Options.OnPattern to
// stream a search's output. Call Flush at the end.
type PatternWriter struct {
	bw  *bufio.Writer
	k   int
	buf []byte
}

// NewPatternWriter returns a PatternWriter that buffers its output to w.
func NewPatternWriter(w io.Writer) *PatternWriter {
	return &PatternWriter{bw: bufio.NewWriterSize(w, 64<<10)}
}

// Write writes the next pattern.
func (pw *PatternWriter) Write(p Pattern) error {
	b := append(pw.buf[:0], "t # "...)
	b = strconv.AppendInt(b, int64(pw.k), 10)
	b = append(b, " * "...)
	b = strconv.AppendInt(b, int64(p.Support), 10)
	b = append(b, '\n')
	b, err := appendBody(b, p.Vertices, p.Edges)
	if err != nil {
		return fmt.Errorf("pattern %d: %w", pw.k, err)
	}
	b = append(b, "x: "...)
	for _, id := range p.GraphIDs {
		b = strconv.AppendInt(b, int64(id), 10)
		b = append(b, ' ')
	}
	b = append(b, "\n\n"...)
	pw.buf = b
	pw.k++
	_, err = pw.bw.Write(b)
	return err
}

// Flush writes any buffered output.
func (pw *PatternWriter) Flush() error { return pw.bw.Flush() }

// ReadPatterns reads patterns written by WritePatterns or by gBolt:
// "t # k * support" starts a pattern, then v and e lines as in ReadGraphs
// and an optional "x:" line of graph ids. Code is left empty (the file
// does not say whether the patterns are directed; use CanonicalKey).
// When a pattern has an x: line, its support must equal the number of ids.
func ReadPatterns(r io.Reader, name string) ([]Pattern, error) {
	sc := newScanner(r)
	var ps []Pattern
	var hasX []bool
	line := 0
	perr := func(format string, args ...any) error {
		return &ParseError{name, line, fmt.Sprintf(format, args...)}
	}
	var startLine int
	checkLast := func() error {
		if n := len(ps); n > 0 && hasX[n-1] && len(ps[n-1].GraphIDs) != ps[n-1].Support {
			return &ParseError{name, startLine, fmt.Sprintf("support %d but %d graph ids on the x: line", ps[n-1].Support, len(ps[n-1].GraphIDs))}
		}
		return nil
	}
	for sc.Scan() {
		line++
		f := strings.Fields(sc.Text())
		if len(f) == 0 {
			continue
		}
		switch f[0] {
		case "t":
			if len(f) != 5 || f[1] != "#" || f[3] != "*" {
				return nil, perr("expected \"t # <k> * <support>\", got %q", sc.Text())
			}
			if _, err := strconv.Atoi(f[2]); err != nil {
				return nil, perr("pattern number %q: expected an integer", f[2])
			}
			sup, err := strconv.Atoi(f[4])
			if err != nil || sup < 0 {
				return nil, perr("support %q: expected a non-negative integer", f[4])
			}
			if err := checkLast(); err != nil {
				return nil, err
			}
			startLine = line
			ps = append(ps, Pattern{Support: sup})
			hasX = append(hasX, false)
		case "v", "e", "x:":
			if len(ps) == 0 {
				return nil, perr("%q line before the first \"t # <k> * <support>\" line", f[0])
			}
			p := &ps[len(ps)-1]
			switch f[0] {
			case "v":
				if len(f) != 3 {
					return nil, perr("expected \"v <vertex id> <label>\", got %q", sc.Text())
				}
				id, err := strconv.Atoi(f[1])
				if err != nil || id != len(p.Vertices) {
					return nil, perr("vertex id %q: expected %d", f[1], len(p.Vertices))
				}
				p.Vertices = append(p.Vertices, f[2])
			case "e":
				if len(f) != 4 {
					return nil, perr("expected \"e <from> <to> <label>\", got %q", sc.Text())
				}
				var uv [2]int
				for i := range uv {
					v, err := strconv.Atoi(f[1+i])
					if err != nil || v < 0 || v >= len(p.Vertices) {
						return nil, perr("edge end point %q: expected a vertex id in 0..%d", f[1+i], len(p.Vertices)-1)
					}
					uv[i] = v
				}
				p.Edges = append(p.Edges, Edge{uv[0], uv[1], f[3]})
			case "x:":
				if hasX[len(ps)-1] {
					return nil, perr("second x: line for one pattern")
				}
				hasX[len(ps)-1] = true
				for _, s := range f[1:] {
					id, err := strconv.Atoi(s)
					if err != nil {
						return nil, perr("graph id %q: expected an integer", s)
					}
					p.GraphIDs = append(p.GraphIDs, id)
				}
			}
		default:
			return nil, perr("expected a line starting with t, v, e or x:, got %q", truncate(sc.Text()))
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read %s after line %d: %w", name, line, err)
	}
	if err := checkLast(); err != nil {
		return nil, err
	}
	return ps, nil
}
