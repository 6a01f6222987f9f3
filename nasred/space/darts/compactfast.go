package darts

// fastCompact parses the common, well-formed spellings of the compact
// form (lists or tuples, matching brackets, optional spaces, single-digit
// numbers, no trailing commas) without building a syntax tree. ok is false
// for anything else, and the general parser then produces the result or
// the error message.
func fastCompact(s string) (g Genotype, ok bool) {
	p := 0
	var stack [3]byte
	depth := 0
	space := func() {
		for p < len(s) && (s[p] == ' ' || s[p] == '\t' || s[p] == '\n' || s[p] == '\r') {
			p++
		}
	}
	open := func() bool {
		space()
		if p < len(s) && (s[p] == '(' || s[p] == '[') {
			stack[depth] = closer(s[p])
			depth++
			p++
			return true
		}
		return false
	}
	closeB := func() bool {
		space()
		if p < len(s) && s[p] == stack[depth-1] {
			depth--
			p++
			return true
		}
		return false
	}
	comma := func() bool {
		space()
		if p < len(s) && s[p] == ',' {
			p++
			return true
		}
		return false
	}
	digit := func() (int, bool) {
		space()
		if p < len(s) && s[p] >= '0' && s[p] <= '9' && (p+1 == len(s) || s[p+1] < '0' || s[p+1] > '9') {
			p++
			return int(s[p-1] - '0'), true
		}
		return 0, false
	}
	if !open() {
		return g, false
	}
	for c := 0; c < 2; c++ {
		if (c == 1 && !comma()) || !open() {
			return g, false
		}
		for k := 0; k < CellEdges; k++ {
			if (k > 0 && !comma()) || !open() {
				return g, false
			}
			in, ok1 := digit()
			if !ok1 || !comma() {
				return g, false
			}
			op, ok2 := digit()
			if !ok2 || !closeB() || op > int(None) {
				return g, false
			}
			e := Edge{Op: Op(op), Input: in}
			if c == 0 {
				g.Normal[k] = e
			} else {
				g.Reduce[k] = e
			}
		}
		if !closeB() {
			return g, false
		}
	}
	if !closeB() {
		return g, false
	}
	space()
	return g, p == len(s)
}
