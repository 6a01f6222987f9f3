package study

import (
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkStatuses reads the state of a 1,000-item study in which every
// item has run (what `nasred study status`, run and slurm do first).
func BenchmarkStatuses(b *testing.B) {
	s, err := Plan(b.Context(), PlanOptions{Out: filepath.Join(b.TempDir(), "s"), Recipe: tinyRecipe, Sample: "random:500", Seeds: []uint64{0, 1}})
	if err != nil {
		b.Fatal(err)
	}
	for i := range s.Items {
		dir := s.RunDir(i)
		os.MkdirAll(dir, 0o755)
		writeJSON(filepath.Join(dir, StateFile), []Attempt{{Outcome: OutcomeDone}})
		writeJSON(filepath.Join(dir, ResultFile), Result{ID: s.Items[i].ID, Val: nan(), BestVal: nan()})
		os.WriteFile(filepath.Join(dir, lockFile), nil, 0o644)
	}
	b.ResetTimer()
	for b.Loop() {
		if _, err := s.Statuses(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPlan plans 1,000 sampled genotypes × 2 seeds (validation and
// network construction included).
func BenchmarkPlan(b *testing.B) {
	for b.Loop() {
		if _, err := build(b.Context(), PlanOptions{Recipe: tinyRecipe, Sample: "primskip:500,random:500", Seeds: []uint64{0, 1}}); err != nil {
			b.Fatal(err)
		}
	}
}
