package nb301

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
)

// Python's json module writes the non-standard tokens NaN, Infinity and
// -Infinity. encoding/json rejects them with a syntax error that does not
// say which key held them, so readers first turn them into the strings
// "NaN", "Infinity" and "-Infinity" and number() reports the key.

var nonFinite = [][]byte{[]byte("-Infinity"), []byte("Infinity"), []byte("NaN")}

// quoteNonFinite returns data with bare NaN / Infinity / -Infinity tokens
// (outside strings) quoted. Data without them is returned as is.
func quoteNonFinite(data []byte) []byte {
	if !bytes.Contains(data, []byte("NaN")) && !bytes.Contains(data, []byte("Infinity")) {
		return data
	}
	out := make([]byte, 0, len(data)+16)
	inStr := false
	for i := 0; i < len(data); i++ {
		c := data[i]
		if inStr {
			out = append(out, c)
			switch c {
			case '\\':
				if i+1 < len(data) {
					i++
					out = append(out, data[i])
				}
			case '"':
				inStr = false
			}
			continue
		}
		if c == '"' {
			inStr = true
			out = append(out, c)
			continue
		}
		matched := false
		for _, tok := range nonFinite {
			if bytes.HasPrefix(data[i:], tok) {
				out = append(out, '"')
				out = append(out, tok...)
				out = append(out, '"')
				i += len(tok) - 1
				matched = true
				break
			}
		}
		if !matched {
			out = append(out, c)
		}
	}
	return out
}

// number decodes a required finite JSON number; key names it in errors.
func number(raw json.RawMessage, key string) (float64, error) {
	if raw == nil {
		return 0, fmt.Errorf("missing key %s", key)
	}
	if bytes.Equal(bytes.TrimSpace(raw), []byte("null")) {
		return 0, fmt.Errorf("key %s is null", key)
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		switch s {
		case "NaN", "Infinity", "-Infinity":
			return 0, fmt.Errorf("key %s is %s", key, s)
		}
		return 0, fmt.Errorf("key %s: want a number, got the string %q", key, s)
	}
	var f float64
	if err := json.Unmarshal(raw, &f); err != nil {
		return 0, fmt.Errorf("key %s: want a number, got %s", key, short(raw))
	}
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, fmt.Errorf("key %s is %v", key, f)
	}
	return f, nil
}

// numberIn is number with a range check lo <= f <= hi.
func numberIn(raw json.RawMessage, key string, lo, hi float64) (float64, error) {
	f, err := number(raw, key)
	if err != nil {
		return 0, err
	}
	if f < lo || f > hi {
		return 0, fmt.Errorf("key %s = %v out of range [%v, %v]", key, f, lo, hi)
	}
	return f, nil
}

func short(b []byte) string {
	s := string(bytes.TrimSpace(b))
	if len(s) > 40 {
		s = s[:37] + "..."
	}
	return s
}
