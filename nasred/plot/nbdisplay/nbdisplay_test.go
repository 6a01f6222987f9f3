package nbdisplay

import (
	"bytes"
	"encoding/xml"
	"errors"
	"image/png"
	"io"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/nasred/nasred/nasred/plot"
)

// recorder is a sink that records what would be displayed.
type recorder struct {
	on    bool
	pngs  [][]byte
	htmls []string
}

func (r *recorder) active() bool  { return r.on }
func (r *recorder) png(b []byte)  { r.pngs = append(r.pngs, b) }
func (r *recorder) html(s string) { r.htmls = append(r.htmls, s) }
func (r *recorder) err() error    { return nil }

// failing is a plot.Renderer whose rendering fails.
type failing struct{}

func (failing) PNG() ([]byte, error) { return nil, errors.New("boom") }
func (failing) SVG() ([]byte, error) { return nil, errors.New("boom") }

func figure(t *testing.T) *plot.Figure {
	t.Helper()
	f, err := plot.OpCounts("counts", []string{"none", "skip_connect"}, []plot.Series{{Name: "a", Values: []float64{1, 2}}}, plot.BarOptions{})
	if err != nil {
		t.Fatal(err)
	}
	f.DPI = 30
	return f
}

func TestShowOutsideNotebook(t *testing.T) {
	r := &recorder{}
	if err := show(r, failing{}); err != nil {
		t.Fatalf("inactive Show returned %v; it must not even render", err)
	}
	if err := showSVG(r, failing{}); err != nil {
		t.Fatal(err)
	}
	if err := showTable(r, []string{"a"}, [][]string{{"1"}}); err != nil {
		t.Fatal(err)
	}
	if len(r.pngs)+len(r.htmls) != 0 {
		t.Fatal("inactive sink received output")
	}
	// The real entry points outside GoNB (go test is not a notebook).
	if err := Show(figure(t)); err != nil {
		t.Fatal(err)
	}
	if err := ShowTable([]string{"a"}, [][]string{{"x"}}); err != nil {
		t.Fatal(err)
	}
	if err := ShowTable([]string{"a"}, [][]string{{"x", "y"}}); err == nil {
		t.Fatal("ShowTable accepted a malformed table outside a notebook")
	}
}

func TestShowInNotebook(t *testing.T) {
	r := &recorder{on: true}
	if err := show(r, figure(t)); err != nil {
		t.Fatal(err)
	}
	if len(r.pngs) != 1 {
		t.Fatalf("%d PNGs displayed, want 1", len(r.pngs))
	}
	if _, err := png.Decode(bytes.NewReader(r.pngs[0])); err != nil {
		t.Fatalf("displayed PNG does not decode: %v", err)
	}
	if err := showSVG(r, figure(t)); err != nil {
		t.Fatal(err)
	}
	if len(r.htmls) != 1 || !strings.Contains(r.htmls[0], "<svg") {
		t.Fatal("ShowSVG did not display an SVG")
	}
	if err := show(r, failing{}); err == nil || !strings.Contains(err.Error(), "boom") {
		t.Fatalf("render error not returned: %v", err)
	}
	if err := show(r, nil); err == nil {
		t.Fatal("nil figure accepted")
	}
	if err := showTable(r, []string{"op", "count"}, [][]string{{"none", "3"}}); err != nil {
		t.Fatal(err)
	}
	if len(r.htmls) != 2 || !strings.Contains(r.htmls[1], "<td") {
		t.Fatal("table not displayed")
	}
}

// cellTexts parses table markup as XML and returns the text of every
// th/td cell in order.
func cellTexts(t *testing.T, s string) []string {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(s))
	var cells []string
	in := false
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return cells
		}
		if err != nil {
			t.Fatalf("table is not well-formed: %v\n%s", err, s)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			if tok.Name.Local == "td" || tok.Name.Local == "th" {
				in = true
				cells = append(cells, "")
			}
		case xml.EndElement:
			in = false
		case xml.CharData:
			if in {
				cells[len(cells)-1] += string(tok)
			}
		}
	}
}

func TestTableHTML(t *testing.T) {
	headers := []string{"operation", "top <5%>", "bottom"}
	rows := [][]string{
		{"none", "12", "0.5"},
		{`<script>alert("x")</script>`, "a & b", "'q'"},
	}
	s, err := TableHTML(headers, rows)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(s, "<script>") {
		t.Fatal("cell markup not escaped")
	}
	got := cellTexts(t, s)
	want := append(append(append([]string{}, headers...), rows[0]...), rows[1]...)
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("cells %q, want %q", got, want)
	}
	if !strings.Contains(s, `text-align:right;padding:2px 8px">12<`) || !strings.Contains(s, `text-align:left;padding:2px 8px">none<`) {
		t.Error("numbers are not right-aligned or text not left-aligned")
	}
	for _, tc := range []struct {
		h    []string
		rows [][]string
		want string
	}{
		{nil, nil, "no headers"},
		{[]string{"a", "b"}, [][]string{{"1", "2"}, {"1"}}, "row 1 has 1 cells, want 2"},
	} {
		if _, err := TableHTML(tc.h, tc.rows); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("error %v, want %q", err, tc.want)
		}
	}
}

func TestIsNumber(t *testing.T) {
	for s, want := range map[string]bool{
		"12": true, "-0.5": true, "1e-3": true, "+3": true, "12%": true, " 7 ": true,
		"": false, "-": false, "e": false, "none": false, "1-2": false, "0x10": false,
	} {
		if got := isNumber(s); got != want {
			t.Errorf("isNumber(%q) = %v, want %v", s, got, want)
		}
	}
}

// FuzzTableHTML checks that any cell text survives escaping: the markup
// parses as XML and gives back exactly the cells.
func FuzzTableHTML(f *testing.F) {
	f.Add("op", "<b>none</b>", "1 & 2")
	f.Add("", "\"'", "]]>")
	f.Fuzz(func(t *testing.T, h, a, b string) {
		for _, s := range []string{h, a, b} {
			if !utf8.ValidString(s) || strings.IndexFunc(s, func(r rune) bool {
				return unicode.IsControl(r) || r == '\uFFFD' || r == '\r' || (r >= 0xFDD0 && r <= 0xFDEF) || r&0xFFFE == 0xFFFE
			}) >= 0 {
				t.Skip("XML cannot carry this text")
			}
		}
		s, err := TableHTML([]string{h}, [][]string{{a}, {b}})
		if err != nil {
			t.Fatal(err)
		}
		got := cellTexts(t, s)
		if len(got) != 3 || got[0] != h || got[1] != a || got[2] != b {
			t.Fatalf("cells %q, want %q", got, []string{h, a, b})
		}
	})
}
