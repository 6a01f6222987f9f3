package surrogate

import (
	"bytes"
	"context"
	"fmt"
	"os"

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

// ReadLabels reads labelled genotypes from path, detected by content:
// the official NB301 training-data zip (nb_301_v13_lc_iclr_final.zip, read
// with nb301.ReadZip: target info[0].val_accuracy) or NASLib's labelled
// JSON (naslib_zc_nasbench301.json, read with nb301.ReadNASLibLabelled:
// target val_accuracy), or a CSV file whose header names the columns
// genotype and val_accuracy (a fraction), such as `nasred study collect`
// writes. progress, if not nil, reports zip entries read.
func ReadLabels(ctx context.Context, path string, progress func(done, total int)) (*Labels, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read labels: %w", err)
	}
	head := make([]byte, 4)
	n, _ := f.Read(head)
	f.Close()
	l := &Labels{}
	if n == 4 && bytes.Equal(head, []byte("PK\x03\x04")) {
		recs, skipped, err := nb301.ReadZip(ctx, path, progress)
		if err != nil {
			return nil, fmt.Errorf("read labels: %w", err)
		}
		for _, r := range recs {
			l.Genotypes = append(l.Genotypes, r.Genotype)
			l.ValErrors = append(l.ValErrors, 1-r.ValAccuracy/100)
		}
		for _, s := range skipped {
			l.Skipped = append(l.Skipped, s.Path+": "+s.Reason)
		}
		l.Source = fmt.Sprintf("NB301 training data %s (%d records, %d files skipped)", path, len(recs), len(skipped))
	} else if cl, ok, err := readCSVLabels(path); ok || err != nil {
		if err != nil {
			return nil, err
		}
		l = cl
	} else {
		ls, err := nb301.ReadNASLibLabelled(path)
		if err != nil {
			return nil, fmt.Errorf("read labels (expected NASLib labelled JSON or the NB301 training-data zip): %w", err)
		}
		for _, x := range ls {
			l.Genotypes = append(l.Genotypes, x.Genotype)
			l.ValErrors = append(l.ValErrors, 1-x.ValAccuracy/100)
		}
		l.Source = "NASLib labelled genotypes " + path
	}
	if len(l.Genotypes) == 0 {
		return nil, fmt.Errorf("read labels %s: no labelled genotypes", path)
	}
	return l, nil
}
