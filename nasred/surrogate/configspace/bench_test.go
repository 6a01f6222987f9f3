package configspace

import (
	"testing"

	"github.com/nasred/nasred/nasred/space/darts"
)

// BenchmarkEncodeNB301 encodes one genotype's configuration into the 56
// NB301 features the generic way (the surrogate package has a faster
// genotype-specific encoder built on these semantics).
func BenchmarkEncodeNB301(b *testing.B) {
	s, err := ReadNB301(nb301Path(b))
	if err != nil {
		b.Fatal(err)
	}
	cfg := darts.DARTSV2.Config()
	dst := make([]float32, s.Len())
	for b.Loop() {
		if err := s.EncodeNB301(cfg, dst); err != nil {
			b.Fatal(err)
		}
	}
}
