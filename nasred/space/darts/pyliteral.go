package darts

import (
	"fmt"
	"strconv"
	"strings"
)

// This file holds a small parser for the subset of Python literal syntax
// that genotype texts use: integers, quoted strings, lists, tuples and
// calls with positional or keyword arguments (Genotype(...), range(2, 6)).

type pyKind uint8

const (
	pyInt pyKind = iota
	pyStr
	pySeq // list or tuple
	pyCall
)

type pyArg struct {
	name string // "" for a positional argument
	val  *pyVal
}

type pyVal struct {
	kind  pyKind
	pos   int // byte offset in the input
	n     int
	s     string
	items []*pyVal // pySeq
	args  []pyArg  // pyCall (s holds the function name)
	open  byte     // '(' or '[' for pySeq
}

func (v *pyVal) describe() string {
	switch v.kind {
	case pyInt:
		return "integer " + strconv.Itoa(v.n)
	case pyStr:
		return strconv.Quote(v.s)
	case pySeq:
		if v.open == '(' {
			return fmt.Sprintf("tuple of %d", len(v.items))
		}
		return fmt.Sprintf("list of %d", len(v.items))
	}
	return "call " + v.s + "(...)"
}

const maxPyDepth = 32

type pyParser struct {
	s   string
	pos int
}

func parsePy(s string) (*pyVal, error) {
	p := &pyParser{s: s}
	v, err := p.value(0)
	if err != nil {
		return nil, err
	}
	p.skipSpace()
	if p.pos != len(p.s) {
		return nil, p.errorf("unexpected %s after the end of the value", p.peekDesc())
	}
	return v, nil
}

func (p *pyParser) errorf(format string, args ...any) error {
	return fmt.Errorf("at offset %d: %s", p.pos, fmt.Sprintf(format, args...))
}

func (p *pyParser) skipSpace() {
	for p.pos < len(p.s) {
		switch p.s[p.pos] {
		case ' ', '\t', '\n', '\r':
			p.pos++
		default:
			return
		}
	}
}

func (p *pyParser) peekDesc() string {
	if p.pos >= len(p.s) {
		return "end of input"
	}
	r := p.s[p.pos:]
	if len(r) > 12 {
		r = r[:12] + "..."
	}
	return strconv.Quote(r)
}

func isIdentStart(c byte) bool {
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func (p *pyParser) value(depth int) (*pyVal, error) {
	if depth > maxPyDepth {
		return nil, p.errorf("nested more than %d levels", maxPyDepth)
	}
	p.skipSpace()
	if p.pos >= len(p.s) {
		return nil, p.errorf("unexpected end of input, expected a value")
	}
	start := p.pos
	c := p.s[p.pos]
	switch {
	case c == '(' || c == '[':
		p.pos++
		items, _, err := p.list(depth, closer(c), false)
		if err != nil {
			return nil, err
		}
		return &pyVal{kind: pySeq, pos: start, items: items, open: c}, nil
	case c == '\'' || c == '"':
		end := strings.IndexByte(p.s[p.pos+1:], c)
		if end < 0 {
			return nil, p.errorf("unterminated string")
		}
		str := p.s[p.pos+1 : p.pos+1+end]
		if strings.ContainsAny(str, "\\\n") {
			return nil, p.errorf("escapes and line breaks are not supported in strings")
		}
		p.pos += end + 2
		return &pyVal{kind: pyStr, pos: start, s: str}, nil
	case c == '-' || c == '+' || isDigit(c):
		p.pos++
		for p.pos < len(p.s) && isDigit(p.s[p.pos]) {
			p.pos++
		}
		text := p.s[start:p.pos]
		n, err := strconv.Atoi(text)
		if err != nil {
			p.pos = start
			return nil, p.errorf("bad integer %q", text)
		}
		return &pyVal{kind: pyInt, pos: start, n: n}, nil
	case isIdentStart(c):
		for p.pos < len(p.s) && (isIdentStart(p.s[p.pos]) || isDigit(p.s[p.pos])) {
			p.pos++
		}
		name := p.s[start:p.pos]
		p.skipSpace()
		if p.pos >= len(p.s) || p.s[p.pos] != '(' {
			return nil, p.errorf("expected '(' after %s", name)
		}
		p.pos++
		items, names, err := p.list(depth, ')', true)
		if err != nil {
			return nil, err
		}
		v := &pyVal{kind: pyCall, pos: start, s: name}
		for i, it := range items {
			v.args = append(v.args, pyArg{names[i], it})
		}
		return v, nil
	}
	return nil, p.errorf("unexpected %s, expected a value", p.peekDesc())
}

func closer(open byte) byte {
	if open == '(' {
		return ')'
	}
	return ']'
}

// list parses comma-separated values up to end (the opening bracket is
// consumed). With kw, items may be name=value.
func (p *pyParser) list(depth int, end byte, kw bool) ([]*pyVal, []string, error) {
	var items []*pyVal
	var names []string
	for {
		p.skipSpace()
		if p.pos < len(p.s) && p.s[p.pos] == end {
			p.pos++
			return items, names, nil
		}
		name := ""
		if kw {
			save := p.pos
			q := p.pos
			for q < len(p.s) && (isIdentStart(p.s[q]) || (q > p.pos && isDigit(p.s[q]))) {
				q++
			}
			if q > p.pos {
				r := q
				for r < len(p.s) && (p.s[r] == ' ' || p.s[r] == '\t' || p.s[r] == '\n' || p.s[r] == '\r') {
					r++
				}
				if r < len(p.s) && p.s[r] == '=' {
					name = p.s[p.pos:q]
					p.pos = r + 1
				} else {
					p.pos = save
				}
			}
		}
		v, err := p.value(depth + 1)
		if err != nil {
			return nil, nil, err
		}
		items = append(items, v)
		names = append(names, name)
		p.skipSpace()
		if p.pos >= len(p.s) {
			return nil, nil, p.errorf("unexpected end of input, expected ',' or '%c'", end)
		}
		switch p.s[p.pos] {
		case ',':
			p.pos++
		case end:
			p.pos++
			return items, names, nil
		default:
			return nil, nil, p.errorf("unexpected %s, expected ',' or '%c'", p.peekDesc(), end)
		}
	}
}
