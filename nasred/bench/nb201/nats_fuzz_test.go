package nb201

import (
	"bytes"
	"math"
	"os"
	"testing"
)

// natsFuzzSeeds adds the fixture files (bz2-compressed, and the start of
// the raw pickle: large seeds slow the fuzzer down) and hand-made pickles
// that make gopickle panic or allocate without bound.
func natsFuzzSeeds(f *testing.F, names ...string) {
	for _, name := range names {
		path := natsFixturePath(name)
		comp, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		raw := bunzip(f, path)
		f.Add(comp)
		f.Add(raw[:min(len(raw), 4096)])
	}
	f.Add([]byte("\x80\x04}(K\x01K\x02K\x03u."))
	f.Add([]byte("\x80\x04\x8a\x00."))
	f.Add([]byte("\x80\x04\xff."))
	f.Add([]byte("\x80\x04\x8e\xff\xff\xff\xff\xff\xff\x00\x00."))
	f.Add([]byte("\x80\x04cnats_bench.api_utils\nArchResults\n)\x81}b."))
	f.Add([]byte("BZh91AY&SY"))
	f.Add([]byte{})
}

// FuzzReadNATSArchFile: any input gives a valid row or an error, never a
// panic, and a row always has a valid cell and finite percentages.
func FuzzReadNATSArchFile(f *testing.F) {
	natsFuzzSeeds(f, "000000.pickle.pbz2", "000010.pickle.pbz2")
	f.Fuzz(func(t *testing.T, data []byte) {
		row, err := ReadNATSArchFile(bytes.NewReader(data), "fuzz.pickle.pbz2")
		if err != nil {
			if !bytes.Contains([]byte(err.Error()), []byte("fuzz.pickle.pbz2")) {
				t.Errorf("error does not name the input: %v", err)
			}
			return
		}
		if err := row.Cell.Validate(); err != nil {
			t.Errorf("invalid cell: %v", err)
		}
		if row.Index < 0 {
			t.Errorf("negative index %d", row.Index)
		}
		for _, a := range row.Accuracy {
			if math.IsNaN(a) || a < 0 || a > 100 {
				t.Errorf("accuracy %v", a)
			}
		}
	})
}

// FuzzReadNATSMeta: any input gives a meta with valid, distinct cells or an
// error, never a panic.
func FuzzReadNATSMeta(f *testing.F) {
	natsFuzzSeeds(f, NATSMetaFile)
	f.Fuzz(func(t *testing.T, data []byte) {
		meta, err := ReadNATSMeta(bytes.NewReader(data), "meta")
		if err != nil {
			return
		}
		seen := make(map[string]bool)
		for _, c := range meta.Cells {
			if err := c.Validate(); err != nil {
				t.Fatal(err)
			}
			if seen[c.String()] {
				t.Fatalf("duplicate cell %s", c)
			}
			seen[c.String()] = true
		}
	})
}
