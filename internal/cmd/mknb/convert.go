package main

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Cell kinds of a notebook source.
const (
	markdownCell = "markdown"
	codeCell     = "code"
)

// Marker lines that start a cell in a source.
const (
	markdownMarker = "# %% [markdown]"
	codeMarker     = "# %%"
)

// cell is one notebook cell: its kind and its source lines, without line ends.
type cell struct {
	kind  string
	lines []string
}

// parse splits a percent-format source into cells. name names the source
// in errors.
func parse(name string, src []byte) ([]cell, error) {
	if !utf8.Valid(src) {
		return nil, fmt.Errorf("%s: not UTF-8 text", name)
	}
	var cells []cell
	cur := -1
	for _, line := range splitLines(string(src)) {
		switch pyStrip(line) {
		case markdownMarker:
			cells = append(cells, cell{kind: markdownCell})
			cur = len(cells) - 1
		case codeMarker:
			cells = append(cells, cell{kind: codeCell})
			cur = len(cells) - 1
		default:
			if cur >= 0 {
				cells[cur].lines = append(cells[cur].lines, line)
			}
		}
	}
	for i := range cells {
		c := &cells[i]
		for len(c.lines) > 0 && pyStrip(c.lines[len(c.lines)-1]) == "" {
			c.lines = c.lines[:len(c.lines)-1]
		}
		if c.kind == markdownCell {
			for j, l := range c.lines {
				switch {
				case strings.HasPrefix(l, "# "):
					c.lines[j] = l[2:]
				case l == "#":
					c.lines[j] = ""
				}
			}
		}
	}
	return cells, nil
}

// Convert returns the notebook (.ipynb JSON) of a percent-format source.
// name names the source in errors.
func Convert(name string, src []byte) ([]byte, error) {
	cells, err := parse(name, src)
	if err != nil {
		return nil, err
	}
	// The layout is nbformat's own (keys sorted, one-space indent), so that
	// Jupyter saving an unchanged, output-free notebook rewrites the same bytes.
	var b bytes.Buffer
	b.WriteString("{\n \"cells\": [")
	for i, c := range cells {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, "\n  {\n   \"cell_type\": %s,\n", quote(c.kind))
		if c.kind == codeCell {
			b.WriteString("   \"execution_count\": null,\n")
		}
		fmt.Fprintf(&b, "   \"id\": %s,\n   \"metadata\": {},\n", quote(fmt.Sprintf("cell-%02d", i)))
		if c.kind == codeCell {
			b.WriteString("   \"outputs\": [],\n")
		}
		b.WriteString("   \"source\": [")
		for j, l := range c.lines {
			if j > 0 {
				b.WriteString(",")
			}
			if j < len(c.lines)-1 {
				l += "\n"
			}
			b.WriteString("\n    ")
			b.WriteString(quote(l))
		}
		if len(c.lines) > 0 {
			b.WriteString("\n   ")
		}
		b.WriteString("]\n  }")
	}
	if len(cells) > 0 {
		b.WriteString("\n ")
	}
	b.WriteString(`],
 "metadata": {
  "kernelspec": {
   "display_name": "Go (nasred)",
   "language": "go",
   "name": "gonb-nasred"
  },
  "language_info": {
   "file_extension": ".go",
   "mimetype": "text/x-go",
   "name": "go"
  }
 },
 "nbformat": 4,
 "nbformat_minor": 5
}
`)
	return b.Bytes(), nil
}

// quote writes s as a JSON string the way Python's json module does with
// ensure_ascii=False: only '"', '\\' and control characters are escaped.
func quote(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		case '\b':
			b.WriteString(`\b`)
		case '\f':
			b.WriteString(`\f`)
		default:
			if c < 0x20 {
				b.WriteString(`\u00`)
				b.WriteString(strconv.FormatUint(uint64(c)>>4, 16))
				b.WriteString(strconv.FormatUint(uint64(c)&0xf, 16))
			} else {
				b.WriteByte(c)
			}
		}
	}
	b.WriteByte('"')
	return b.String()
}

// splitLines splits text into lines at every line boundary that Python's
// universal newlines and str.splitlines recognise, dropping the line ends.
func splitLines(s string) []string {
	var lines []string
	start := 0
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if !isLineBreak(r) {
			i += n
			continue
		}
		lines = append(lines, s[start:i])
		if r == '\r' && i+1 < len(s) && s[i+1] == '\n' {
			n = 2
		}
		i += n
		start = i
	}
	if start < len(s) {
		lines = append(lines, s[start:])
	}
	return lines
}

func isLineBreak(r rune) bool {
	switch r {
	case '\n', '\r', '\v', '\f', 0x1c, 0x1d, 0x1e, 0x85, 0x2028, 0x2029:
		return true
	}
	return false
}

// pyStrip trims the characters Python's str.strip trims: Unicode white
// space and the separators U+001C–U+001F.
func pyStrip(s string) string {
	return strings.TrimFunc(s, func(r rune) bool { return unicode.IsSpace(r) || (r >= 0x1c && r <= 0x1f) })
}
