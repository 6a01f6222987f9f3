package importance_test

import (
	"context"
	"testing"

	"github.com/nasred/nasred/nasred/bench/nb301"
	"github.com/nasred/nasred/nasred/datadir/datatest"
	"github.com/nasred/nasred/nasred/importance"
	"github.com/nasred/nasred/nasred/surrogate"
)

// BenchmarkNB301AllArchs is item 8 of the NB301 issue: OI of all 11,221
// NASLib NB301 genotypes (1,357,741 predictions) with nasred's own
// surrogate trained on the 725 labelled genotypes.
func BenchmarkNB301AllArchs(b *testing.B) {
	archs := datatest.Path(b, "nb301/naslib_archs_nasbench301.json")
	labels := datatest.Path(b, "nb301/naslib_zc_nasbench301.json")
	gs, err := nb301.ReadNASLibArchs(archs)
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	l, err := surrogate.ReadLabels(ctx, labels, nil)
	if err != nil {
		b.Fatal(err)
	}
	m, err := surrogate.Train(ctx, l.Genotypes, l.ValErrors, surrogate.TrainOptions{})
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		if _, err := importance.NB301(ctx, m, gs, importance.Options{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(gs)*121*b.N)/b.Elapsed().Seconds(), "pred/s")
}
