package nb301

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"testing"
)

func BenchmarkParseRecord(b *testing.B) {
	data := exampleRecord(b)
	for b.Loop() {
		if _, err := ParseRecord(data, "x.json"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReadZipReader reads a 2,000-entry archive of copies of the
// example record (the official zip holds about 60,000).
func BenchmarkReadZipReader(b *testing.B) {
	ex := exampleRecord(b)
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for i := 0; i < 2000; i++ {
		w, _ := zw.Create(fmt.Sprintf("nb_301_v13_lc_iclr_final/rs/results_%d.json", i))
		w.Write(ex)
	}
	zw.Close()
	data := buf.Bytes()
	b.ResetTimer()
	for b.Loop() {
		zr, _ := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		recs, _, err := ReadZipReader(context.Background(), zr, nil)
		if err != nil || len(recs) != 2000 {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*2000), "µs/record")
}

func BenchmarkReadNASLibArchs(b *testing.B) {
	p := dataFile(b, "naslib_archs_nasbench301.json")
	for b.Loop() {
		if _, err := ReadNASLibArchs(p); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkReadNASLibLabelled(b *testing.B) {
	p := dataFile(b, "naslib_zc_nasbench301.json")
	for b.Loop() {
		if _, err := ReadNASLibLabelled(p); err != nil {
			b.Fatal(err)
		}
	}
}
