package nb201

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"unsafe"

	"github.com/nasred/nasred/nasred/space/nb201"
)

// NB201Errors is the part of the NB201 table that operation importance on
// one data set reads: the test error of every cell and the code of every
// row. It holds the same numbers as the full table (NB201.ErrorsByCode and
// NB201.Rows) in far less memory.
type NB201Errors struct {
	Dataset Dataset
	// Index[i] and Code[i] are the benchmark index and the cell code
	// (nb201.Cell.Code) of row i, in the order the rows were read.
	Index []int32
	Code  []uint16
	// ByCode is the test error 1 - accuracy/100 on Dataset by cell code;
	// NaN for cells missing from the table.
	ByCode []float64
}

// Len returns the number of rows.
func (e *NB201Errors) Len() int { return len(e.Code) }

// Complete reports whether the table holds all 15,625 cells.
func (e *NB201Errors) Complete() bool { return len(e.Code) == nb201.NumCells }

// Errors returns the NB201Errors of table t on data set d.
func (t *NB201) Errors(d Dataset) (*NB201Errors, error) {
	byCode, err := t.ErrorsByCode(d)
	if err != nil {
		return nil, err
	}
	e := &NB201Errors{Dataset: d, Index: make([]int32, len(t.rows)), Code: make([]uint16, len(t.rows)), ByCode: byCode}
	for i, r := range t.rows {
		e.Index[i], e.Code[i] = int32(r.Index), uint16(r.Cell.Code())
	}
	return e, nil
}

// LoadNB201Errors reads the test errors on d of the benchmark data folder
// dir: what LoadDir followed by NB201.Errors gives, errors included, and
// the path read. The CSV export in its usual form (no quotes, carriage
// returns or spaces) is read in one pass that parses only what the result
// holds; anything else, including every malformed file, goes through
// LoadDir, whose errors name the line and column at fault. Numbers that
// float64(m)/10^k gives exactly are converted directly, the rest by
// strconv.ParseFloat.
func LoadNB201Errors(dir string, d Dataset) (*NB201Errors, string, error) {
	if d < 0 || d >= numDatasets {
		return nil, "", fmt.Errorf("nb201 table: unknown data set %d", int(d))
	}
	csvPath := filepath.Join(dir, NB201CSVPath)
	if data, unmap, err := mapFile(csvPath); err == nil {
		e, ok := parseNB201Errors(data, d)
		unmap()
		if ok {
			return e, csvPath, nil
		}
	} else if !os.IsNotExist(err) {
		return nil, "", fmt.Errorf("open NB201 table: %w (want the CSV export of the NATS-Bench topology table)", err)
	}
	t, path, err := LoadDir(dir)
	if err != nil {
		return nil, path, err
	}
	e, err := t.Errors(d)
	return e, path, err
}

// ReadNB201Errors is LoadNB201Errors on the contents of a CSV export; name
// is used in error messages.
func ReadNB201Errors(data []byte, name string, d Dataset) (*NB201Errors, error) {
	if d < 0 || d >= numDatasets {
		return nil, fmt.Errorf("nb201 table: unknown data set %d", int(d))
	}
	if e, ok := parseNB201Errors(data, d); ok {
		return e, nil
	}
	t, err := ReadNB201CSV(bytes.NewReader(data), name)
	if err != nil {
		return nil, err
	}
	return t.Errors(d)
}

// parseNB201Errors reads a well-formed CSV export in one pass. It reports
// false for anything it does not accept (the caller then goes the general
// way, which explains the fault); what it accepts, it reads exactly as
// parseNB201CSV and NewNB201 do.
func parseNB201Errors(data []byte, d Dataset) (*NB201Errors, bool) {
	if bytes.IndexByte(data, '"') >= 0 || bytes.IndexByte(data, '\r') >= 0 {
		return nil, false
	}
	head, body, _ := bytes.Cut(data, []byte{'\n'})
	if string(head) != nb201CSVHeaderLine {
		return nil, false
	}
	n := bytes.Count(body, []byte{'\n'})
	if len(body) > 0 && body[len(body)-1] != '\n' {
		n++
	}
	if n == 0 || n > nb201.NumCells {
		return nil, false // more rows than cells always has a repeat
	}
	e := &NB201Errors{Dataset: d, Index: make([]int32, 0, n), Code: make([]uint16, 0, n), ByCode: make([]float64, nb201.NumCells)}
	seen := make([]bool, nb201.NumCells)
	var s string
	if len(body) > 0 {
		s = unsafe.String(&body[0], len(body)) // only read while data is
	}
	for len(s) > 0 {
		line, rest, _ := strings.Cut(s, "\n")
		s = rest
		if line == "" {
			if strings.Trim(s, "\n") != "" {
				return nil, false // an empty line before the end
			}
			break
		}
		var acc [numDatasets]float64
		for k := range acc {
			j := strings.IndexByte(line, ',')
			if j < 0 {
				return nil, false
			}
			a, ok := parsePlainDecimal(line[:j])
			if !ok {
				var err error
				if a, err = strconv.ParseFloat(strings.TrimSpace(line[:j]), 64); err != nil {
					return nil, false
				}
			}
			if !(a >= 0 && a <= 100) {
				return nil, false
			}
			acc[k], line = a, line[j+1:]
		}
		j := strings.IndexByte(line, ',')
		if j < 0 || strings.IndexByte(line[j+1:], ',') >= 0 {
			return nil, false
		}
		c, ok := parseCanonicalCell(line[:j])
		if !ok {
			return nil, false
		}
		code := c.Code()
		if seen[code] {
			return nil, false
		}
		seen[code] = true
		e.Index = append(e.Index, int32(len(e.Index)))
		e.Code = append(e.Code, uint16(code))
		e.ByCode[code] = 1 - acc[d]/100
	}
	if len(e.Code) == 0 {
		return nil, false
	}
	for code, ok := range seen {
		if !ok {
			e.ByCode[code] = math.NaN()
		}
	}
	return e, true
}

// nb201CSVHeaderLine is NB201CSVHeader as a line of the file.
var nb201CSVHeaderLine = strings.Join(NB201CSVHeader, ",")

// parsePlainDecimal parses digits with at most one '.', such as
// "85.86333333333334", when the value is exact as float64(m)/10^k with m
// below 2^53 and k at most 22: both operands are then exact and the one
// correctly rounded division gives what strconv.ParseFloat gives. It
// reports false for everything else (signs, exponents, spaces, more digits).
func parsePlainDecimal(s string) (float64, bool) {
	var m uint64
	digits, frac := 0, -1
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			if digits == 19 {
				return 0, false
			}
			m = m*10 + uint64(c-'0')
			digits++
		case c == '.' && frac < 0:
			frac = digits
		default:
			return 0, false
		}
	}
	k := 0
	if frac >= 0 {
		k = digits - frac
	}
	if digits == 0 || m > 1<<53 || k > 22 {
		return 0, false
	}
	return float64(m) / pow10[k], true
}

// pow10 holds the powers of ten that float64 represents exactly.
var pow10 = [23]float64{1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22}

// parseCanonicalCell parses an architecture string in exactly the form
// nb201.Cell.String writes (the only form nb201.Parse accepts). It reports
// false for anything else.
func parseCanonicalCell(s string) (nb201.Cell, bool) {
	var c nb201.Cell
	k := 0
	for to := 1; to < nb201.NumNodes; to++ {
		if to > 1 {
			if len(s) == 0 || s[0] != '+' {
				return c, false
			}
			s = s[1:]
		}
		if len(s) == 0 || s[0] != '|' {
			return c, false
		}
		s = s[1:]
		for from := range to {
			op, n := prefixOp(s)
			if n == 0 || len(s) < n+3 || s[n] != '~' || s[n+1] != byte('0'+from) || s[n+2] != '|' {
				return c, false
			}
			c[k] = op
			k++
			s = s[n+3:]
		}
	}
	return c, s == ""
}

// prefixOp returns the operation whose name starts s and the name's
// length, or 0 when none does.
func prefixOp(s string) (nb201.Op, int) {
	for _, op := range nb201.Ops() {
		if name := op.String(); strings.HasPrefix(s, name) {
			return op, len(name)
		}
	}
	return 0, 0
}
