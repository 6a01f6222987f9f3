package analysis

import (
	"context"
	"testing"
)

func BenchmarkReadNB301Archs(b *testing.B) {
	archs, _ := nb301Files(b)
	for b.Loop() {
		if _, err := ReadNB301Archs(context.Background(), archs, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkNB301Ops is the operation_importance notebook's study: OI of
// the 11,221 NASLib genotypes with nasred's surrogate, selections and
// per-operation summaries.
func BenchmarkNB301Ops(b *testing.B) {
	archs, _ := nb301Files(b)
	m, desc := ownSurrogate(b)
	a, err := ReadNB301Archs(context.Background(), archs, nil)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := NB301Ops(context.Background(), a, m, desc, NB301Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
