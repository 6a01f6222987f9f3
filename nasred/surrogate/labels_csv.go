package surrogate

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"

	"github.com/nasred/nasred/internal/input"
	"github.com/nasred/nasred/nasred/space/darts"
)

// CSV label files: a header naming at least the columns genotype (a DARTS
// genotype in any form darts.ParseGenotype reads, e.g. NASLib compact) and
// val_accuracy (a fraction in [0, 1]), one row per genotype, as written by
// `nasred study collect`.
const (
	csvGenotype = "genotype"
	csvValAcc   = "val_accuracy"
)

// isCSVLabels reports whether f starts with a CSV header line that has
// the genotype and val_accuracy columns (peeking, nothing consumed).
func isCSVLabels(f *input.File) bool {
	head, _ := f.Peek(4096)
	line, _, _ := bytes.Cut(head, []byte("\n"))
	header, err := csv.NewReader(bytes.NewReader(line)).Read()
	return err == nil && slices.Contains(header, csvGenotype) && slices.Contains(header, csvValAcc)
}

// parseCSVLabels reads CSV labels from data (see readCSVLabels).
func parseCSVLabels(data []byte, name string) (*Labels, error) {
	return readCSVLabels(bytes.NewReader(data), name)
}

// readCSVLabels reads CSV labels row by row: a header naming the columns
// genotype and val_accuracy, then one row per genotype; name is used in
// errors and Source.
func readCSVLabels(in io.Reader, name string) (*Labels, error) {
	r := csv.NewReader(in)
	r.ReuseRecord = true
	header, err := r.Read()
	if err == io.EOF {
		return nil, fmt.Errorf("read labels %s: empty file", name)
	}
	if err != nil {
		return nil, fmt.Errorf("read labels %s: %w", name, err)
	}
	header = slices.Clone(header)
	gi, vi := slices.Index(header, csvGenotype), slices.Index(header, csvValAcc)
	if gi < 0 || vi < 0 {
		return nil, fmt.Errorf("read labels %s: the header needs the columns %s and %s", name, csvGenotype, csvValAcc)
	}
	l := &Labels{}
	for line := 2; ; line++ {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("read labels %s: %w", name, err)
		}
		g, err := darts.ParseGenotype(rec[gi])
		if err != nil {
			return nil, fmt.Errorf("read labels %s line %d: %w", name, line, err)
		}
		v, err := strconv.ParseFloat(rec[vi], 64)
		if rec[vi] == "" {
			return nil, fmt.Errorf("read labels %s line %d: no %s (a study needs a validation set: --val-fraction > 0)", name, line, csvValAcc)
		}
		if err != nil || math.IsNaN(v) || v < 0 || v > 1 {
			return nil, fmt.Errorf("read labels %s line %d: %s %q: expected a fraction in [0, 1]", name, line, csvValAcc, rec[vi])
		}
		l.Genotypes = append(l.Genotypes, g)
		l.ValErrors = append(l.ValErrors, 1-v)
	}
	l.Source = fmt.Sprintf("CSV labels %s (%d rows)", name, len(l.Genotypes))
	return l, nil
}
