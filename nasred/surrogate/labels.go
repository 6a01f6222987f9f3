package surrogate

import (
	"bytes"
	"context"
	"fmt"

	"github.com/nasred/nasred/internal/input"
	"github.com/nasred/nasred/nasred/bench/nb301"
	"github.com/nasred/nasred/nasred/space/darts"
)

// Labels are genotypes with their validation error (a fraction,
// 1 − validation accuracy/100), the target every surrogate here predicts.
type Labels struct {
	Genotypes []darts.Genotype
	ValErrors []float64
	// Source says where the labels came from, for reports.
	Source string
	// Skipped lists the files of a training-data zip that could not be
	// read ("path: reason").
	Skipped []string
}

// Size limits of label files (ReadLabels); NASRED_MAX_INPUT_BYTES
// replaces them. The zip's is nb301.MaxZipBytes.
const (
	// MaxLabelsJSONBytes bounds NASLib labelled JSON, which is decoded
	// whole: 64 MiB, where naslib_zc_nasbench301.json has 0.8 MB.
	MaxLabelsJSONBytes = 64 << 20
	// MaxLabelsCSVBytes bounds CSV labels, read row by row: 1 GiB.
	MaxLabelsCSVBytes = 1 << 30
)

// zipMagic starts every zip file.
var zipMagic = []byte("PK\x03\x04")

// ReadLabels reads labelled genotypes from path ("-": standard input),
// detected by peeking at its start, so pipes and FIFOs work: the official
// NB301 training-data zip (nb_301_v13_lc_iclr_final.zip, read with
// nb301.ReadZipAt: target info[0].val_accuracy; it must be a regular file,
// at most nb301.MaxZipBytes), NASLib's labelled JSON
// (naslib_zc_nasbench301.json, see nb301.ParseNASLibLabelled: target
// val_accuracy; at most MaxLabelsJSONBytes), or a CSV file whose header
// names the columns genotype and val_accuracy (a fraction), such as
// `nasred study collect` writes (at most MaxLabelsCSVBytes). progress, if
// not nil, reports zip entries read. A cancelled ctx ends a wait for a
// FIFO's writer.
func ReadLabels(ctx context.Context, path string, progress func(done, total int)) (*Labels, error) {
	f, err := input.Open(ctx, path, input.Limit{What: "an NB301 training-data zip (--labels)", Bytes: nb301.MaxZipBytes})
	if err != nil {
		return nil, fmt.Errorf("read labels: %w", err)
	}
	defer f.Close()
	l, err := readLabels(ctx, f, progress)
	if err != nil {
		return nil, err
	}
	if len(l.Genotypes) == 0 {
		return nil, fmt.Errorf("read labels %s: no labelled genotypes", f.Name())
	}
	return l, nil
}

func readLabels(ctx context.Context, f *input.File, progress func(done, total int)) (*Labels, error) {
	name := f.Name()
	if head, _ := f.Peek(len(zipMagic)); bytes.Equal(head, zipMagic) {
		r, size, err := f.RandomAccess("the NB301 training-data zip")
		if err != nil {
			return nil, fmt.Errorf("read labels: %w", err)
		}
		recs, skipped, err := nb301.ReadZipAt(ctx, r, size, name, progress)
		if err != nil {
			return nil, fmt.Errorf("read labels: %w", err)
		}
		l := &Labels{Source: fmt.Sprintf("NB301 training data %s (%d records, %d files skipped)", name, len(recs), len(skipped))}
		for _, r := range recs {
			l.Genotypes = append(l.Genotypes, r.Genotype)
			l.ValErrors = append(l.ValErrors, 1-r.ValAccuracy/100)
		}
		for _, s := range skipped {
			l.Skipped = append(l.Skipped, s.Path+": "+s.Reason)
		}
		return l, nil
	}
	if isCSVLabels(f) {
		if err := f.SetLimit(input.Limit{What: "a CSV label file (--labels)", Bytes: MaxLabelsCSVBytes}); err != nil {
			return nil, fmt.Errorf("read labels: %w", err)
		}
		return readCSVLabels(f, name)
	}
	if err := f.SetLimit(input.Limit{What: "a NASLib labelled JSON file (--labels)", Bytes: MaxLabelsJSONBytes}); err != nil {
		return nil, fmt.Errorf("read labels: %w", err)
	}
	data, err := f.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("read labels: %w", err)
	}
	ls, err := nb301.ParseNASLibLabelled(data, name)
	if err != nil {
		return nil, fmt.Errorf("read labels (expected NASLib labelled JSON, CSV labels or the NB301 training-data zip): %w", err)
	}
	l := &Labels{Source: "NASLib labelled genotypes " + name}
	for _, x := range ls {
		l.Genotypes = append(l.Genotypes, x.Genotype)
		l.ValErrors = append(l.ValErrors, 1-x.ValAccuracy/100)
	}
	return l, nil
}
