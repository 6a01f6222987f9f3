package importance

import (
	"context"
	"fmt"
	"io"
	"runtime"
	"strconv"
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
// on all cores (see writeBlocks).
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
	if _, err := w.Write(csvHeader(archColumn, n)); err != nil {
		return err
	}
	return writeBlocks(context.Background(), w, len(rows), func(buf []byte, lo, hi int) []byte {
		for _, r := range rows[lo:hi] {
			buf = appendRow(buf, r)
		}
		return buf
	})
}

// csvHeader is the header line index,<archColumn>,err,oi0,...,oi{n-1}.
func csvHeader(archColumn string, n int) []byte {
	head := []byte("index," + archColumn + ",err")
	for e := range n {
		head = fmt.Appendf(head, ",oi%d", e)
	}
	return append(head, '\n')
}

// writeBlocks writes the text of rows [0, n) to w, formatted by format in
// blocks of rowsPerBlock rows on all cores: each worker formats every
// workers-th block into one of two reusable buffers while this goroutine
// writes the finished blocks in order. Memory stays at a few blocks
// however large the table. When ctx is done or a write fails, the
// remaining blocks are not written and the error is returned.
func writeBlocks(ctx context.Context, w io.Writer, n int, format func(buf []byte, lo, hi int) []byte) error {
	const rowsPerBlock = 256
	blocks := (n + rowsPerBlock - 1) / rowsPerBlock
	workers := min(runtime.GOMAXPROCS(0), blocks)
	var err error
	if workers <= 1 {
		var buf []byte
		for lo := 0; lo < n && err == nil; lo += rowsPerBlock {
			if err = ctx.Err(); err == nil {
				buf = format(buf[:0], lo, min(lo+rowsPerBlock, n))
				_, err = w.Write(buf)
			}
		}
		return err
	}
	done := make([]chan []byte, workers) // worker k -> writer: blocks k, k+workers, ...
	free := make([]chan []byte, workers) // writer -> worker k: written buffers
	for k := range workers {
		done[k], free[k] = make(chan []byte, 1), make(chan []byte, 2)
		free[k] <- nil
		free[k] <- nil
		go func() {
			for b := k; b < blocks; b += workers {
				lo := b * rowsPerBlock
				done[k] <- format((<-free[k])[:0], lo, min(lo+rowsPerBlock, n))
			}
		}()
	}
	// Every block is taken from its worker, even after an error, so that
	// no worker is left blocked.
	for b := range blocks {
		buf := <-done[b%workers]
		if err == nil {
			if err = ctx.Err(); err == nil {
				_, err = w.Write(buf)
			}
		}
		free[b%workers] <- buf
	}
	return err
}

func appendRow(buf []byte, r Row) []byte {
	buf = strconv.AppendInt(buf, int64(r.Index), 10)
	buf = append(buf, ',')
	buf = appendCSVField(buf, r.Arch)
	buf = append(buf, ',')
	return appendNumbers(buf, r.Result.Err, r.Result.OI)
}

// appendNumbers ends a row: err and the OIs in full precision, then a
// newline.
func appendNumbers(buf []byte, err float64, oi []float64) []byte {
	buf = strconv.AppendFloat(buf, err, 'g', -1, 64)
	for _, v := range oi {
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
