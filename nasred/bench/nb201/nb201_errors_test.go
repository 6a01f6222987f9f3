package nb201

import (
	"bytes"
	"errors"
	"io/fs"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/nasred/nasred/nasred/datadir/datatest"
	"github.com/nasred/nasred/nasred/space/nb201"
)

// checkErrorsMatchTable fails unless ReadNB201Errors of data on every data
// set equals what ReadNB201CSV and NB201.Errors give: the same rows, codes
// and bits, or the same error.
func checkErrorsMatchTable(t *testing.T, data []byte) {
	t.Helper()
	tab, terr := ReadNB201CSV(bytes.NewReader(data), "in.csv")
	for _, d := range Datasets() {
		got, err := ReadNB201Errors(data, "in.csv", d)
		if terr != nil {
			if err == nil || err.Error() != terr.Error() {
				t.Fatalf("%s: error %v, want %v", d, err, terr)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%s: %v", d, err)
		}
		want, _ := tab.Errors(d)
		if !equalErrors(got, want) {
			t.Fatalf("%s: fast read differs from the table", d)
		}
	}
}

func equalErrors(a, b *NB201Errors) bool {
	if a.Dataset != b.Dataset || len(a.Index) != len(b.Index) || len(a.Code) != len(b.Code) || len(a.ByCode) != len(b.ByCode) {
		return false
	}
	for i := range a.Index {
		if a.Index[i] != b.Index[i] || a.Code[i] != b.Code[i] {
			return false
		}
	}
	for i := range a.ByCode {
		if math.Float64bits(a.ByCode[i]) != math.Float64bits(b.ByCode[i]) && !(math.IsNaN(a.ByCode[i]) && math.IsNaN(b.ByCode[i])) {
			return false
		}
	}
	return true
}

func TestReadNB201ErrorsMatchesTable(t *testing.T) {
	head := strings.Join(NB201CSVHeader, ",") + "\n"
	cell := "|none~0|+|none~0|none~1|+|none~0|none~1|none~2|"
	cell2 := "|skip_connect~0|+|nor_conv_1x1~0|nor_conv_3x3~1|+|avg_pool_3x3~0|none~1|skip_connect~2|"
	for name, in := range map[string]string{
		"small":             smallCSV,
		"two rows":          head + "85.86333333333334,52.913333294677734,26.6333332739936," + cell + ",u\n93.66,70,44.1," + cell2 + ",v\n",
		"no final newline":  head + "1,2,3," + cell + ",u",
		"trailing newlines": head + "1,2,3," + cell + ",u\n\n\n",
		"crlf":              strings.ReplaceAll(head+"1,2,3,"+cell+",u\n", "\n", "\r\n"),
		"quoted":            head + "\"1\",2,3,\"" + cell + "\",u\n",
		"bom":               "\ufeff" + head + "1,2,3," + cell + ",u\n",
		"spaces":            head + " 1,2 ,3," + cell + ",u\n",
		"exponent":          head + "1e1,2,3," + cell + ",u\n",
		"hex":               head + "0x1p-2,2,3," + cell + ",u\n",
		"infinity":          head + "inf,2,3," + cell + ",u\n",
		"17 digits":         head + "52.913333294677734,2,3," + cell + ",u\n",
		"over 100":          head + "100.5,2,3," + cell + ",u\n",
		"negative":          head + "-1,2,3," + cell + ",u\n",
		"not a number":      head + "x,2,3," + cell + ",u\n",
		"empty number":      head + ",2,3," + cell + ",u\n",
		"two dots":          head + "1.2.3,2,3," + cell + ",u\n",
		"bad cell":          head + "1,2,3,|none~1|+|none~0|none~1|+|none~0|none~1|none~2|,u\n",
		"unknown op":        head + "1,2,3,|conv~0|+|none~0|none~1|+|none~0|none~1|none~2|,u\n",
		"cell too long":     head + "1,2,3," + cell + "|,u\n",
		"repeated cell":     head + "1,2,3," + cell + ",u\n4,5,6," + cell + ",v\n",
		"four fields":       head + "1,2,3," + cell + "\n",
		"six fields":        head + "1,2,3," + cell + ",u,w\n",
		"empty line inside": head + "1,2,3," + cell + ",u\n\n4,5,6," + cell2 + ",v\n",
		"header only":       head,
		"bad header":        "a,b,c,d,e\n1,2,3," + cell + ",u\n",
		"empty":             "",
	} {
		t.Run(name, func(t *testing.T) { checkErrorsMatchTable(t, []byte(in)) })
	}
}

// TestLoadNB201ErrorsFullTable compares the fast read of the real export
// with the table's, and checks the fast path is the one taken.
func TestLoadNB201ErrorsFullTable(t *testing.T) {
	path := datatest.Path(t, NB201CSVPath)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	checkErrorsMatchTable(t, data)
	if _, ok := parseNB201Errors(data, CIFAR10); !ok {
		t.Fatal("the export does not take the fast path")
	}
	dir := filepath.Dir(filepath.Dir(path))
	e, got, err := LoadNB201Errors(dir, CIFAR100)
	if err != nil || got != path || !e.Complete() {
		t.Fatalf("LoadNB201Errors: %v, %q, complete %v", err, got, e != nil && e.Complete())
	}
}

func TestLoadNB201ErrorsMissing(t *testing.T) {
	if _, _, err := LoadNB201Errors(t.TempDir(), CIFAR10); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("err = %v, want one wrapping fs.ErrNotExist", err)
	}
	if _, _, err := LoadNB201Errors(t.TempDir(), Dataset(7)); err == nil {
		t.Fatal("unknown data set accepted")
	}
}

// TestParsePlainDecimal checks the fast decimal parser against
// strconv.ParseFloat bit for bit, on numbers in the form of the export
// and on edge cases.
func TestParsePlainDecimal(t *testing.T) {
	cases := []string{"0", "100", "100.0", "0.5", ".5", "5.", "007.25", "85.86333333333334", "93.66000000000001",
		"9007199254740992", "9007199254740993", "0.0000000000000000000001", "0.00000000000000000000001", "1234567890123456789"}
	r := rand.New(rand.NewPCG(1, 2))
	for range 200000 {
		v := r.Float64() * 100
		cases = append(cases, strconv.FormatFloat(v, 'f', -1, 64), strconv.FormatFloat(v, 'f', r.IntN(17), 64))
	}
	for _, s := range cases {
		want, _ := strconv.ParseFloat(s, 64)
		if got, ok := parsePlainDecimal(s); ok && math.Float64bits(got) != math.Float64bits(want) {
			t.Fatalf("parsePlainDecimal(%q) = %v, want %v", s, got, want)
		}
	}
	for _, s := range []string{"", ".", "1..2", "1e5", "-1", "+1", " 1", "1 ", "0x1", "inf", "NaN", "1,5", "12345678901234567890"} {
		if v, ok := parsePlainDecimal(s); ok {
			t.Fatalf("parsePlainDecimal(%q) = %v, want rejection", s, v)
		}
	}
}

func TestParseCanonicalCell(t *testing.T) {
	for _, c := range nb201.All() {
		got, ok := parseCanonicalCell(c.String())
		if !ok || got != c {
			t.Fatalf("parseCanonicalCell(%s) = %v, %v", c, got, ok)
		}
	}
}

func FuzzReadNB201Errors(f *testing.F) {
	f.Add(smallCSV)
	f.Add(strings.Join(NB201CSVHeader, ",") + "\n1.5,2,3,|none~0|+|none~0|none~1|+|none~0|none~1|none~2|,u\n")
	f.Fuzz(func(t *testing.T, in string) { checkErrorsMatchTable(t, []byte(in)) })
}
