package nb201

import (
	"fmt"
	"math"
	"strings"

	"github.com/nasred/nasred/nasred/space/nb201"
)

// Dataset names one of the three NAS-Bench-201 image data sets.
type Dataset int

// The NAS-Bench-201 data sets.
const (
	CIFAR10 Dataset = iota
	CIFAR100
	ImageNet16
	numDatasets
)

var datasetNames = [numDatasets]string{"cifar10", "cifar100", "ImageNet16-120"}

// Datasets returns the three data sets in order.
func Datasets() []Dataset { return []Dataset{CIFAR10, CIFAR100, ImageNet16} }

// String returns the data set's name as NATS-Bench writes it.
func (d Dataset) String() string {
	if d >= 0 && d < numDatasets {
		return datasetNames[d]
	}
	return fmt.Sprintf("Dataset(%d)", int(d))
}

// ParseDataset returns the data set named s: cifar10, cifar100 or
// ImageNet16-120 (case-insensitive).
func ParseDataset(s string) (Dataset, error) {
	for i, n := range datasetNames {
		if strings.EqualFold(s, n) {
			return Dataset(i), nil
		}
	}
	return 0, fmt.Errorf("unknown NB201 data set %q (want one of %s)", s, strings.Join(datasetNames[:], ", "))
}

// NB201Row is one architecture of an NB201 table.
type NB201Row struct {
	// Index is the architecture's index in NATS-Bench's topology search
	// space.
	Index int
	Cell  nb201.Cell
	// Accuracy holds the test accuracy in percent after 200 epochs,
	// averaged over seeds, for each Dataset.
	Accuracy [numDatasets]float64
	// Unique is the benchmark's isomorphism key (UniqueString) when the
	// source has it, else empty.
	Unique string
}

// NB201 is a NAS-Bench-201 table: test accuracy by architecture for the
// three data sets, with O(1) lookup by index and by cell. A table may hold a
// subset of the space (for example a few official files); lookups of
// architectures it lacks report ok = false.
type NB201 struct {
	rows    []NB201Row
	byIndex []int32                // index → position in rows, -1 if absent
	byCode  [nb201.NumCells]int32  // cell code → position in rows, -1 if absent
	acc     [numDatasets][]float64 // by cell code, NaN if absent
}

// NewNB201 builds a table from rows. It checks that indices and cells are
// unique, operations valid and accuracies finite percentages, and names the
// first offending row otherwise.
func NewNB201(rows []NB201Row) (*NB201, error) {
	t := &NB201{rows: rows}
	for i := range t.byCode {
		t.byCode[i] = -1
	}
	for d := range t.acc {
		t.acc[d] = make([]float64, nb201.NumCells)
		for i := range t.acc[d] {
			t.acc[d][i] = math.NaN()
		}
	}
	maxIndex := -1
	for _, r := range rows {
		if r.Index < 0 {
			return nil, fmt.Errorf("nb201 table: negative index %d", r.Index)
		}
		maxIndex = max(maxIndex, r.Index)
	}
	if maxIndex >= 1<<24 {
		return nil, fmt.Errorf("nb201 table: index %d too large", maxIndex)
	}
	t.byIndex = make([]int32, maxIndex+1)
	for i := range t.byIndex {
		t.byIndex[i] = -1
	}
	for pos, r := range rows {
		if err := r.Cell.Validate(); err != nil {
			return nil, fmt.Errorf("nb201 table: index %d: %w", r.Index, err)
		}
		for d, a := range r.Accuracy {
			if math.IsNaN(a) || math.IsInf(a, 0) || a < 0 || a > 100 {
				return nil, fmt.Errorf("nb201 table: index %d (%s): %s accuracy %v is not a percentage in [0, 100]", r.Index, r.Cell, Dataset(d), a)
			}
		}
		if prev := t.byIndex[r.Index]; prev >= 0 {
			return nil, fmt.Errorf("nb201 table: index %d appears twice", r.Index)
		}
		code := r.Cell.Code()
		if prev := t.byCode[code]; prev >= 0 {
			return nil, fmt.Errorf("nb201 table: cell %s appears at index %d and %d", r.Cell, rows[prev].Index, r.Index)
		}
		t.byIndex[r.Index] = int32(pos)
		t.byCode[code] = int32(pos)
		for d, a := range r.Accuracy {
			t.acc[d][code] = a
		}
	}
	return t, nil
}

// Len returns the number of architectures in the table.
func (t *NB201) Len() int { return len(t.rows) }

// Complete reports whether the table holds all 15,625 cells.
func (t *NB201) Complete() bool { return len(t.rows) == nb201.NumCells }

// Rows returns the table's rows in the order they were read. The slice is
// shared: do not modify it.
func (t *NB201) Rows() []NB201Row { return t.rows }

// Row returns the row of the architecture with the given index.
func (t *NB201) Row(index int) (NB201Row, bool) {
	if index < 0 || index >= len(t.byIndex) || t.byIndex[index] < 0 {
		return NB201Row{}, false
	}
	return t.rows[t.byIndex[index]], true
}

// Index returns the benchmark index of cell c.
func (t *NB201) Index(c nb201.Cell) (int, bool) {
	if c.Validate() != nil {
		return 0, false
	}
	pos := t.byCode[c.Code()]
	if pos < 0 {
		return 0, false
	}
	return t.rows[pos].Index, true
}

// Accuracy returns the test accuracy (percent) of cell c on d.
func (t *NB201) Accuracy(d Dataset, c nb201.Cell) (float64, bool) {
	if d < 0 || d >= numDatasets || c.Validate() != nil {
		return 0, false
	}
	a := t.acc[d][c.Code()]
	return a, !math.IsNaN(a)
}

// Error returns the test error 1 - accuracy/100 of cell c on d, the
// quantity operation importance is defined on.
func (t *NB201) Error(d Dataset, c nb201.Cell) (float64, bool) {
	a, ok := t.Accuracy(d, c)
	return 1 - a/100, ok
}

// ErrorsByCode returns the test error 1 - accuracy/100 of every cell of the
// space on d, indexed by nb201.Cell.Code; cells missing from the table get
// NaN. It is the dense form operation importance reads neighbours from.
func (t *NB201) ErrorsByCode(d Dataset) ([]float64, error) {
	if d < 0 || d >= numDatasets {
		return nil, fmt.Errorf("nb201 table: unknown data set %d", int(d))
	}
	errs := make([]float64, nb201.NumCells)
	for code, a := range t.acc[d] {
		errs[code] = 1 - a/100 // NaN stays NaN
	}
	return errs, nil
}
