package surrogate

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"strconv"

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

// readCSVLabels reads path as CSV labels when its first line is a header
// with the genotype and val_accuracy columns; ok is false (and nothing
// read) for other files.
func readCSVLabels(path string) (l *Labels, ok bool, err error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, false, fmt.Errorf("read labels: %w", err)
	}
	head := make([]byte, 4096)
	n, _ := io.ReadFull(f, head)
	f.Close()
	line, _, _ := bytes.Cut(head[:n], []byte("\n"))
	header, err := csv.NewReader(bytes.NewReader(line)).Read()
	if err != nil || !slices.Contains(header, csvGenotype) || !slices.Contains(header, csvValAcc) {
		return nil, false, nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, true, fmt.Errorf("read labels: %w", err)
	}
	l, err = parseCSVLabels(data, path)
	return l, true, err
}

// parseCSVLabels reads CSV labels (see readCSVLabels); name is used in
// errors and Source.
func parseCSVLabels(data []byte, name string) (*Labels, error) {
	r := csv.NewReader(bytes.NewReader(data))
	recs, err := r.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("read labels %s: %w", name, err)
	}
	if len(recs) == 0 {
		return nil, fmt.Errorf("read labels %s: empty file", name)
	}
	gi, vi := slices.Index(recs[0], csvGenotype), slices.Index(recs[0], csvValAcc)
	if gi < 0 || vi < 0 {
		return nil, fmt.Errorf("read labels %s: the header needs the columns %s and %s", name, csvGenotype, csvValAcc)
	}
	l := &Labels{Source: fmt.Sprintf("CSV labels %s (%d rows)", name, len(recs)-1)}
	for k, rec := range recs[1:] {
		line := k + 2
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
	return l, nil
}
