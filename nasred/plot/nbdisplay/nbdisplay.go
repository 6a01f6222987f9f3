package nbdisplay

import (
	"fmt"
	"html"
	"strings"

	"github.com/janpfeifer/gonb/gonbui"

	"github.com/nasred/nasred/nasred/plot"
)

// sink is where displays go: the GoNB kernel in a notebook, a recorder in
// tests.
type sink interface {
	active() bool
	png(b []byte)
	html(s string)
	err() error
}

// gonb is the sink of a real GoNB session.
type gonb struct{}

func (gonb) active() bool  { return gonbui.IsNotebook }
func (gonb) png(b []byte)  { gonbui.DisplayPng(b) }
func (gonb) html(s string) { gonbui.DisplayHtml(s) }
func (gonb) err() error    { return gonbui.Error() }

// Show displays r (a *plot.Figure or *plot.Grid) as a PNG image in the
// notebook. Outside GoNB it does nothing and returns nil (it does not even
// render). It returns rendering errors and errors of the kernel
// connection.
func Show(r plot.Renderer) error { return show(gonb{}, r) }

func show(s sink, r plot.Renderer) error {
	if !s.active() {
		return nil
	}
	if r == nil {
		return fmt.Errorf("nbdisplay: Show: nil figure")
	}
	b, err := r.PNG()
	if err != nil {
		return fmt.Errorf("nbdisplay: Show: %w", err)
	}
	s.png(b)
	return s.err()
}

// ShowSVG displays r as inline SVG (crisp at any zoom, but not extracted
// as an image file by nbconvert). Outside GoNB it does nothing.
func ShowSVG(r plot.Renderer) error { return showSVG(gonb{}, r) }

func showSVG(s sink, r plot.Renderer) error {
	if !s.active() {
		return nil
	}
	if r == nil {
		return fmt.Errorf("nbdisplay: ShowSVG: nil figure")
	}
	b, err := r.SVG()
	if err != nil {
		return fmt.Errorf("nbdisplay: ShowSVG: %w", err)
	}
	s.html("<div>" + string(b) + "</div>")
	return s.err()
}

// ShowTable displays a table with a header row. Every row must have as
// many cells as headers. Cells are plain text (HTML special characters are
// escaped). Outside GoNB it only validates the table.
func ShowTable(headers []string, rows [][]string) error { return showTable(gonb{}, headers, rows) }

func showTable(s sink, headers []string, rows [][]string) error {
	t, err := TableHTML(headers, rows)
	if err != nil {
		return err
	}
	if !s.active() {
		return nil
	}
	s.html(t)
	return s.err()
}

// TableHTML returns the HTML markup of a table: a header row of headers
// and one row per element of rows, every cell escaped. Cells that parse as
// numbers are right-aligned. It returns an error when there are no
// headers or a row's length differs from the header's.
func TableHTML(headers []string, rows [][]string) (string, error) {
	if len(headers) == 0 {
		return "", fmt.Errorf("nbdisplay: table: no headers: want at least one column")
	}
	for i, r := range rows {
		if len(r) != len(headers) {
			return "", fmt.Errorf("nbdisplay: table: row %d has %d cells, want %d (one per header)", i, len(r), len(headers))
		}
	}
	var b strings.Builder
	b.WriteString(`<table style="border-collapse:collapse">` + "\n<thead><tr>")
	for _, h := range headers {
		b.WriteString(`<th style="text-align:left;padding:2px 8px;border-bottom:1px solid #888">`)
		b.WriteString(html.EscapeString(h))
		b.WriteString("</th>")
	}
	b.WriteString("</tr></thead>\n<tbody>\n")
	for _, r := range rows {
		b.WriteString("<tr>")
		for _, c := range r {
			align := "left"
			if isNumber(c) {
				align = "right"
			}
			fmt.Fprintf(&b, `<td style="text-align:%s;padding:2px 8px">`, align)
			b.WriteString(html.EscapeString(c))
			b.WriteString("</td>")
		}
		b.WriteString("</tr>\n")
	}
	b.WriteString("</tbody>\n</table>")
	return b.String(), nil
}

// isNumber reports whether s looks like a number (digits with an optional
// sign, decimal point, exponent or trailing percent sign).
func isNumber(s string) bool {
	s = strings.TrimSpace(s)
	s = strings.TrimSuffix(s, "%")
	if s == "" {
		return false
	}
	digits := 0
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == '+' || r == '-':
			if i != 0 && s[i-1] != 'e' && s[i-1] != 'E' {
				return false
			}
		case r == '.' || r == 'e' || r == 'E':
		default:
			return false
		}
	}
	return digits > 0
}
