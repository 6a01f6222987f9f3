package importance

import (
	"fmt"
	"io"
	"runtime"
	"strconv"
	"sync"
)

// Row is one line of an importance table: an architecture's benchmark
// index, its textual form, and its importance result.
type Row struct {
	Index  int
	Arch   string
	Result Result
}

// WriteCSV writes rows as CSV with the header
// index,<archColumn>,err,oi0,...,oi{n-1}, floats in full precision
// (strconv 'g', -1, the shortest text that reads back to the same float64),
// in the order given. Every row must have n OIs. Large tables are formatted
// on all cores.
func WriteCSV(w io.Writer, archColumn string, rows []Row) error {
	n := 0
	if len(rows) > 0 {
		n = len(rows[0].Result.OI)
	}
	for _, r := range rows {
		if len(r.Result.OI) != n {
			return fmt.Errorf("write importance table: index %d has %d OIs, want %d", r.Index, len(r.Result.OI), n)
		}
	}
	head := []byte("index," + archColumn + ",err")
	for e := range n {
		head = fmt.Appendf(head, ",oi%d", e)
	}
	head = append(head, '\n')
	if _, err := w.Write(head); err != nil {
		return err
	}
	// Format in waves: each wave formats one block of rows per core into
	// reusable buffers, then writes the blocks in order. Memory stays at a
	// few blocks however large the table.
	const block = 1024
	workers := max(1, min(runtime.GOMAXPROCS(0), (len(rows)+block-1)/block))
	bufs := make([][]byte, workers)
	for lo := 0; lo < len(rows); lo += workers * block {
		var wg sync.WaitGroup
		for w := range workers {
			a := min(lo+w*block, len(rows))
			b := min(a+block, len(rows))
			wg.Add(1)
			go func() {
				defer wg.Done()
				buf := bufs[w][:0]
				for _, r := range rows[a:b] {
					buf = appendRow(buf, r)
				}
				bufs[w] = buf
			}()
		}
		wg.Wait()
		for _, b := range bufs {
			if _, err := w.Write(b); err != nil {
				return err
			}
		}
	}
	return nil
}

func appendRow(buf []byte, r Row) []byte {
	buf = strconv.AppendInt(buf, int64(r.Index), 10)
	buf = append(buf, ',')
	buf = appendCSVField(buf, r.Arch)
	buf = append(buf, ',')
	buf = strconv.AppendFloat(buf, r.Result.Err, 'g', -1, 64)
	for _, v := range r.Result.OI {
		buf = append(buf, ',')
		buf = strconv.AppendFloat(buf, v, 'g', -1, 64)
	}
	return append(buf, '\n')
}

// appendCSVField quotes s when it holds a comma, quote or newline (DARTS
// genotypes in compact form hold commas).
func appendCSVField(buf []byte, s string) []byte {
	quote := false
	for i := 0; i < len(s); i++ {
		if c := s[i]; c == ',' || c == '"' || c == '\n' || c == '\r' {
			quote = true
			break
		}
	}
	if !quote {
		return append(buf, s...)
	}
	buf = append(buf, '"')
	for i := 0; i < len(s); i++ {
		if s[i] == '"' {
			buf = append(buf, '"')
		}
		buf = append(buf, s[i])
	}
	return append(buf, '"')
}
