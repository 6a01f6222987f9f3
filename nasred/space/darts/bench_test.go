package darts

import (
	"testing"
)

func BenchmarkParseNASLibArchs(b *testing.B) {
	m := loadArchs(b)
	strs := make([]string, 0, len(m))
	for _, s := range m {
		strs = append(strs, s)
	}
	b.ResetTimer()
	for b.Loop() {
		for _, s := range strs {
			if _, err := ParseCompact(s); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(strs)), "ns/genotype")
}

func BenchmarkParseDARTS(b *testing.B) {
	for b.Loop() {
		if _, err := ParseDARTS(dartsV2Text); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCompactString(b *testing.B) {
	for b.Loop() {
		_ = DARTSV2.CompactString()
	}
}

func BenchmarkNeighboursAll16(b *testing.B) {
	buf := make([]Genotype, 0, 128)
	for b.Loop() {
		buf = buf[:0]
		for e := 0; e < NumEdges; e++ {
			buf = DARTSV2.AppendNeighbours(buf, e)
		}
	}
}

func BenchmarkCanonicalKey(b *testing.B) {
	for b.Loop() {
		_ = DARTSV2.CanonicalKey()
	}
}

func BenchmarkCanonical(b *testing.B) {
	for b.Loop() {
		_ = DARTSV2.Canonical()
	}
}

func BenchmarkSample(b *testing.B) {
	for _, name := range BuiltinNames() {
		b.Run(name, func(b *testing.B) {
			s, _ := NewSampler(name)
			r := NewRand(1)
			for b.Loop() {
				_ = s.Sample(r)
			}
		})
	}
}
