package analysis

import "testing"

func FuzzParseNB301Archs(f *testing.F) {
	f.Add([]byte(v2 + "\n"))
	f.Add([]byte("# c\n\n" + v2 + "\n" + v2))
	f.Add([]byte(`{"0": "(((0, 6), (1, 4), (0, 0), (1, 5), (1, 4), (3, 2), (0, 6), (3, 2)), ((0, 1), (1, 4), (0, 1), (1, 4), (2, 6), (3, 4), (1, 5), (2, 1)))"}`))
	f.Add([]byte(`{"cifar10": {}}`))
	f.Add([]byte("[[(0, 9)]]"))
	f.Add([]byte("{"))
	f.Fuzz(func(t *testing.T, data []byte) {
		a, err := ParseNB301Archs(data, "fuzz")
		if err != nil {
			return
		}
		if len(a.Genotypes) == 0 || len(a.Index) != len(a.Genotypes) {
			t.Fatalf("accepted %q with %d genotypes and %d indices", data, len(a.Genotypes), len(a.Index))
		}
		if a.ValErrors != nil && len(a.ValErrors) != len(a.Genotypes) {
			t.Fatal("labels length")
		}
		for i, g := range a.Genotypes {
			if err := g.Validate(true); err != nil {
				t.Fatalf("genotype %d invalid: %v", i, err)
			}
		}
	})
}
