package nb301

import (
	"archive/zip"
	"bytes"
	"context"
	"testing"

	"github.com/nasred/nasred/nasred/space/darts"
)

// syntheticRecord is a small result record built in code (so the fuzz
// seeds do not depend on the data folder).
func syntheticRecord() []byte {
	b := []byte(`{"final_metric_score": -94.1, "budget": 98, "test_accuracy": 93.9, "runtime": 1234.5, "info": [{"val_accuracy": 94.1}], "optimized_hyperparamater_config": {`)
	first := true
	for k, v := range darts.DARTSV2.Config() {
		if !first {
			b = append(b, ',')
		}
		first = false
		b = append(b, `"`+k+`": "`+v+`"`...)
	}
	return append(b, "}}"...)
}

func checkRecord(t *testing.T, rec Record) {
	if err := rec.Genotype.Validate(false); err != nil {
		t.Fatalf("record %s has an invalid genotype: %v", rec.Path, err)
	}
	if !(rec.ValAccuracy >= 0 && rec.ValAccuracy <= 100 && rec.TestAccuracy >= 0 && rec.TestAccuracy <= 100) {
		t.Fatalf("record %s: accuracies %v %v", rec.Path, rec.ValAccuracy, rec.TestAccuracy)
	}
}

func FuzzParseRecord(f *testing.F) {
	f.Add(syntheticRecord())
	f.Add(bytes.Replace(syntheticRecord(), []byte("93.9"), []byte("NaN"), 1))
	f.Add([]byte(`{"info": []}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		rec, err := ParseRecord(data, "f.json")
		if err == nil {
			checkRecord(t, rec)
		}
	})
}

func FuzzReadZipReader(f *testing.F) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("top/rs/a.json")
	w.Write(syntheticRecord())
	w, _ = zw.Create("top/re/b.json")
	w.Write([]byte("{"))
	zw.Close()
	f.Add(buf.Bytes())
	f.Add([]byte("PK\x05\x06" + string(make([]byte, 18))))
	f.Fuzz(func(t *testing.T, data []byte) {
		zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			return
		}
		if len(zr.File) > 64 {
			return
		}
		recs, skipped, err := ReadZipReader(context.Background(), zr, nil)
		if err != nil {
			t.Fatalf("archive-level error after zip.NewReader succeeded: %v", err)
		}
		for _, r := range recs {
			checkRecord(t, r)
		}
		for _, s := range skipped {
			if s.Reason == "" {
				t.Fatalf("skipped %s without a reason", s.Path)
			}
		}
	})
}

func FuzzParseNASLibArchs(f *testing.F) {
	f.Add([]byte(`{"0": "` + darts.DARTSV2.CompactTupleString() + `", "1": "` + darts.PCDARTS.CompactString() + `"}`))
	f.Add([]byte(`{"1": "((0, 1))"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		gs, err := ParseNASLibArchs(data, "f.json")
		if err != nil {
			return
		}
		for _, g := range gs {
			if err := g.Validate(false); err != nil {
				t.Fatal(err)
			}
		}
	})
}

func FuzzParseNASLibLabelled(f *testing.F) {
	f.Add([]byte(labelledJSON(`"3"`, archA, "93.5", "7")))
	f.Add([]byte(labelledJSON(`3`, archA, "NaN", "7")))
	f.Fuzz(func(t *testing.T, data []byte) {
		ls, err := ParseNASLibLabelled(data, "f.json")
		if err != nil {
			return
		}
		for _, l := range ls {
			if err := l.Genotype.Validate(false); err != nil || !(l.ValAccuracy >= 0 && l.ValAccuracy <= 100) {
				t.Fatalf("entry %d: %v %v", l.Index, err, l.ValAccuracy)
			}
		}
	})
}
