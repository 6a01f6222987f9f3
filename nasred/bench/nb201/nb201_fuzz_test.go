package nb201

import (
	"strings"
	"testing"
)

func FuzzReadNB201CSV(f *testing.F) {
	f.Add(smallCSV)
	f.Add(strings.Join(NB201CSVHeader, ",") + "\n")
	f.Add(strings.Join(NB201CSVHeader, ",") + "\n1e400,2,3,|none~0|+|none~0|none~1|+|none~0|none~1|none~2|,u\n")
	f.Add(strings.Join(NB201CSVHeader, ",") + "\n\"1\",2,3,\"|none~0|+|none~0|none~1|+|none~0|none~1|none~2|\",\"u\"\n")
	f.Fuzz(func(t *testing.T, in string) {
		tab, err := ReadNB201CSV(strings.NewReader(in), "fuzz.csv")
		if err != nil {
			return
		}
		for _, r := range tab.Rows() {
			for _, d := range Datasets() {
				a, ok := tab.Accuracy(d, r.Cell)
				if !ok || a != r.Accuracy[d] || a < 0 || a > 100 {
					t.Fatalf("row %d: lookup %v %v vs %v", r.Index, a, ok, r.Accuracy[d])
				}
			}
		}
	})
}
