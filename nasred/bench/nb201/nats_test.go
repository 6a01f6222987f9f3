package nb201

import (
	"bytes"
	"compress/bzip2"
	"context"
	"encoding/binary"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/nasred/nasred/internal/pickle"
	"github.com/nasred/nasred/nasred/datadir/datatest"
	gopickle "github.com/nlpodyssey/gopickle/pickle"
	"github.com/nlpodyssey/gopickle/types"

	"github.com/nasred/nasred/internal/pyoracle"
	"github.com/nasred/nasred/nasred/space/nb201"
)

// natsFixtureStore is where testdata/gen_nats.py writes the fixture: a
// synthetic NATS-Bench topology folder (made-up architectures and
// accuracies, no benchmark data) whose meta file lists 12 architectures,
// with files for indices 0, 9 and 10. Each file is stored as
// NAME+natsFixtureExt rather than under its real name NAME+NATSArchSuffix,
// so that no committed file looks like benchmark data; natsFixtureDir
// materialises the folder with the real names.
const natsFixtureStore = "testdata/nats"

// natsFixtureExt replaces NATSArchSuffix in the stored fixture names.
const natsFixtureExt = ".fixture"

// natsFixturePath is the stored path of the fixture file whose real name
// is name (e.g. "000009.pickle.pbz2" or NATSMetaFile).
func natsFixturePath(name string) string {
	return filepath.Join(natsFixtureStore, strings.TrimSuffix(name, NATSArchSuffix)+natsFixtureExt)
}

// natsFixtureDir copies the fixture into a fresh temporary folder under the
// real file names (meta.pickle.pbz2, 000000.pickle.pbz2, ...) and returns
// it; tests may alter the copy.
func natsFixtureDir(tb testing.TB) string {
	tb.Helper()
	dir := tb.TempDir()
	names, err := filepath.Glob(filepath.Join(natsFixtureStore, "*"+natsFixtureExt))
	if err != nil || len(names) != 4 {
		tb.Fatalf("fixture files %v %v: want 4 *%s files in %s (run testdata/gen_nats.py)", names, err, natsFixtureExt, natsFixtureStore)
	}
	for _, n := range names {
		b, err := os.ReadFile(n)
		if err != nil {
			tb.Fatal(err)
		}
		real := strings.TrimSuffix(filepath.Base(n), natsFixtureExt) + NATSArchSuffix
		if err := os.WriteFile(filepath.Join(dir, real), b, 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	return dir
}

// natsExpected is the output of testdata/nats_oracle.py (numpy, the
// semantics of NATS-Bench's get_more_info) on the fixture.
const natsExpected = "testdata/nats_expected.csv"

type natsWant struct {
	index int
	arch  string
	acc   [3]float64
}

func readNATSExpected(t testing.TB, r io.Reader) []natsWant {
	t.Helper()
	recs, err := csv.NewReader(r).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var out []natsWant
	for _, rec := range recs[1:] {
		var w natsWant
		w.index, err = strconv.Atoi(rec[0])
		if err != nil {
			t.Fatal(err)
		}
		w.arch = rec[1]
		for d := range 3 {
			if w.acc[d], err = strconv.ParseFloat(rec[2+d], 64); err != nil {
				t.Fatal(err)
			}
		}
		out = append(out, w)
	}
	return out
}

func checkNATSTable(t *testing.T, tab *NB201, want []natsWant) {
	t.Helper()
	if tab.Len() != len(want) {
		t.Fatalf("table has %d rows, want %d", tab.Len(), len(want))
	}
	for _, w := range want {
		row, ok := tab.Row(w.index)
		if !ok {
			t.Errorf("index %d missing", w.index)
			continue
		}
		if got := row.Cell.String(); got != w.arch {
			t.Errorf("index %d: cell %s, want %s", w.index, got, w.arch)
		}
		if row.Unique != "" {
			t.Errorf("index %d: Unique %q, want empty", w.index, row.Unique)
		}
		for _, d := range Datasets() {
			// Bit-for-bit: the same float64 numpy computes.
			if row.Accuracy[d] != w.acc[d] {
				t.Errorf("index %d %s: accuracy %v, want %v", w.index, d, row.Accuracy[d], w.acc[d])
			}
			if a, ok := tab.Accuracy(d, row.Cell); !ok || a != w.acc[d] {
				t.Errorf("index %d %s: lookup by cell gives %v %v, want %v", w.index, d, a, ok, w.acc[d])
			}
		}
	}
}

func TestLoadNATSTopologyFixture(t *testing.T) {
	f, err := os.Open(natsExpected)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	want := readNATSExpected(t, f)
	dir := natsFixtureDir(t)
	for _, workers := range []int{0, 1, 2, 7} {
		t.Run(fmt.Sprintf("workers=%d", workers), func(t *testing.T) {
			tab, err := LoadNATSTopologyContext(context.Background(), dir, NATSOptions{Workers: workers})
			if err != nil {
				t.Fatal(err)
			}
			checkNATSTable(t, tab, want)
			if tab.Complete() {
				t.Error("a 3-file table reports Complete")
			}
			if _, ok := tab.Row(11); ok {
				t.Error("index 11 (listed in meta, no file) is present")
			}
		})
	}
}

// TestLoadNATSTopologyReal reads the official folder when the data folder
// has it, and compares it with the CSV export.
func TestLoadNATSTopologyReal(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	dir := datatest.Dir(t, NB201NATSPath+"/"+NATSMetaFile)
	natsDir := filepath.Join(dir, NB201NATSPath)
	tab, err := LoadNATSTopologyContext(context.Background(), natsDir, NATSOptions{RequireAll: true})
	if err != nil {
		t.Fatal(err)
	}
	csvTab, err := LoadNB201CSV(filepath.Join(dir, NB201CSVPath))
	if err != nil {
		t.Skip("no CSV export to compare with:", err)
	}
	for _, row := range tab.Rows() {
		want, _ := csvTab.Row(row.Index)
		if row.Cell != want.Cell || row.Accuracy != want.Accuracy {
			t.Errorf("index %d: files give %s %v, CSV %s %v", row.Index, row.Cell, row.Accuracy, want.Cell, want.Accuracy)
		}
	}
}

// TestNATSOracle runs the numpy oracle on the fixture and compares.
func TestNATSOracle(t *testing.T) {
	py := pyoracle.Python(t, "numpy")
	// The oracle reads the materialised folder, under the real names.
	dir := natsFixtureDir(t)
	out, err := exec.Command(py, "testdata/nats_oracle.py", dir).Output()
	if err != nil {
		t.Fatalf("oracle: %v", err)
	}
	want := readNATSExpected(t, bytes.NewReader(out))
	tab, err := LoadNATSTopology(dir)
	if err != nil {
		t.Fatal(err)
	}
	checkNATSTable(t, tab, want)
	committed, err := os.ReadFile(natsExpected)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out, committed) {
		t.Errorf("%s is stale; regenerate it with testdata/nats_oracle.py", natsExpected)
	}
}

func bunzip(t testing.TB, path string) []byte {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	data, err := io.ReadAll(bzip2.NewReader(f))
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return data
}

// TestNATSGeneratorReproduces checks that testdata/gen_nats.py still
// writes the committed fixture (compared after decompression).
func TestNATSGeneratorReproduces(t *testing.T) {
	py := pyoracle.Python(t, "bz2")
	out := t.TempDir()
	if b, err := exec.Command(py, "testdata/gen_nats.py", out).CombinedOutput(); err != nil {
		t.Fatalf("gen_nats.py: %v\n%s", err, b)
	}
	names, err := filepath.Glob(filepath.Join(natsFixtureStore, "*"+natsFixtureExt))
	if err != nil || len(names) != 4 {
		t.Fatalf("fixture files %v %v", names, err)
	}
	if written, _ := filepath.Glob(filepath.Join(out, "*")); len(written) != len(names) {
		t.Errorf("gen_nats.py writes %v, want the %d files of %s", written, len(names), natsFixtureStore)
	}
	for _, name := range names {
		got := bunzip(t, filepath.Join(out, filepath.Base(name)))
		if want := bunzip(t, name); !bytes.Equal(got, want) {
			t.Errorf("%s: gen_nats.py writes different data; rerun it (and nats_oracle.py)", name)
		}
	}
}

// TestNumpyScalars decodes numpy scalar pickles (bytes as numpy 1.24 writes
// them with protocol 4, trimmed of frames) and checks the float32 mean rule.
func TestNumpyScalars(t *testing.T) {
	scalar := func(code string, order string, raw []byte) []byte {
		var b bytes.Buffer
		b.WriteString("\x80\x04")
		b.WriteString("\x8c\x15numpy.core.multiarray\x94\x8c\x06scalar\x94\x93\x94")
		b.WriteString("\x8c\x05numpy\x94\x8c\x05dtype\x94\x93\x94")
		b.WriteString("\x8c\x02" + code + "\x94\x89\x88\x87\x94R\x94")
		b.WriteString("(K\x03\x8c\x01" + order + "\x94NNNJ\xff\xff\xff\xffJ\xff\xff\xff\xffK\x00t\x94b")
		b.WriteByte('C')
		b.WriteByte(byte(len(raw)))
		b.Write(raw)
		b.WriteString("\x94\x86\x94R\x94.")
		return b.Bytes()
	}
	le64 := binary.LittleEndian.AppendUint64(nil, math.Float64bits(1.5))
	be64 := binary.BigEndian.AppendUint64(nil, math.Float64bits(-2.25))
	le32 := binary.LittleEndian.AppendUint32(nil, math.Float32bits(0.1))
	i8 := binary.LittleEndian.AppendUint64(nil, uint64(777))
	for _, c := range []struct {
		data []byte
		want any
		err  string
	}{
		{scalar("f8", "<", le64), 1.5, ""},
		{scalar("f8", ">", be64), -2.25, ""},
		{scalar("f4", "<", le32), float32(0.1), ""},
		{scalar("i8", "<", i8), int64(777), ""},
		{scalar("f2", "<", []byte{0, 0x3c}), nil, `dtype "f2" not supported`},
		{scalar("f8", "<", le32), nil, "with 4 bytes, want 8"},
	} {
		v, err := decodeNATSPickle(bytes.NewReader(c.data), "x.pickle", nil)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("error %v, want %q", err, c.err)
			}
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		if v != c.want {
			t.Errorf("decoded %#v, want %#v", v, c.want)
		}
	}
	// The numpy f8 scalar pickle above matches what numpy writes; when
	// numpy is at hand check that.
	if py, _ := pyoracle.Find("numpy"); py != "" {
		out, err := exec.Command(py, "-c", `import pickle, pickletools, numpy as np, sys
sys.stdout.buffer.write(pickletools.optimize(pickle.dumps(np.float64(1.5), protocol=4)))`).Output()
		if err != nil {
			t.Fatal(err)
		}
		v, err := decodeNATSPickle(bytes.NewReader(out), "numpy.pickle", nil)
		if err != nil || v != 1.5 {
			t.Errorf("numpy's own float64 pickle decodes to %v, %v", v, err)
		}
	}
}

// ---------------------------------------------------------------------
// A minimal pickle writer (protocol 4 opcodes, no frames) for the values
// gopickle decodes, so tests can alter a decoded fixture and write it back.

type pickleWriter struct{ bytes.Buffer }

func encodePickle(t testing.TB, v any) []byte {
	t.Helper()
	var w pickleWriter
	w.WriteString("\x80\x04")
	if err := w.value(v); err != nil {
		t.Fatal(err)
	}
	w.WriteByte('.')
	return w.Bytes()
}

func (w *pickleWriter) str(s string) {
	w.WriteByte('X')
	w.Write(binary.LittleEndian.AppendUint32(nil, uint32(len(s))))
	w.WriteString(s)
}

func (w *pickleWriter) items(es []types.DictEntry) error {
	w.WriteByte('(')
	for _, e := range es {
		if err := w.value(e.Key); err != nil {
			return err
		}
		if err := w.value(e.Value); err != nil {
			return err
		}
	}
	w.WriteByte('u')
	return nil
}

func (w *pickleWriter) value(v any) error {
	switch x := v.(type) {
	case nil:
		w.WriteByte('N')
	case bool:
		if x {
			w.WriteByte(0x88)
		} else {
			w.WriteByte(0x89)
		}
	case int:
		if int64(int32(x)) != int64(x) {
			return fmt.Errorf("int %d too large", x)
		}
		w.WriteByte('J')
		w.Write(binary.LittleEndian.AppendUint32(nil, uint32(int32(x))))
	case int64:
		return w.value(int(x))
	case float64:
		w.WriteByte('G')
		w.Write(binary.BigEndian.AppendUint64(nil, math.Float64bits(x)))
	case string:
		w.str(x)
	case []byte:
		w.WriteByte('B')
		w.Write(binary.LittleEndian.AppendUint32(nil, uint32(len(x))))
		w.Write(x)
	case *types.List:
		w.WriteString("](")
		for _, e := range *x {
			if err := w.value(e); err != nil {
				return err
			}
		}
		w.WriteByte('e')
	case *types.Tuple:
		w.WriteByte('(')
		for _, e := range *x {
			if err := w.value(e); err != nil {
				return err
			}
		}
		w.WriteByte('t')
	case *types.Set:
		w.WriteByte(0x8f)
		if x.Len() > 0 {
			w.WriteByte('(')
			for k := range *x {
				if err := w.value(k); err != nil {
					return err
				}
			}
			w.WriteByte(0x90)
		}
	case *types.Dict:
		w.WriteByte('}')
		return w.items(*x)
	case *types.OrderedDict:
		w.WriteString("ccollections\nOrderedDict\n)R")
		return w.items(mustEntries(pickle.Node{V: x}))
	default:
		return fmt.Errorf("cannot pickle %T", v)
	}
	return nil
}

func mustEntries(n pickle.Node) []types.DictEntry {
	es, err := n.Entries()
	if err != nil {
		panic(err)
	}
	return es
}

// loadFixtureTree decodes a fixture file with plain gopickle-compatible
// settings (numpy scalars become float64).
func loadFixtureTree(t testing.TB, name string) any {
	t.Helper()
	v, err := decodeNATSPickle(bytes.NewReader(bunzip(t, natsFixturePath(name))), name, nil)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// at follows string keys (and one ("dataset", seed) tuple written as
// "dataset/seed") from v.
func at(t testing.TB, v any, keys ...string) *types.Dict {
	t.Helper()
	n := pickle.Node{V: v}
	for _, k := range keys {
		var err error
		if ds, seed, ok := strings.Cut(k, "/"); ok {
			s, _ := strconv.Atoi(seed)
			n, err = n.TupleKey(ds, s)
		} else {
			n, err = n.Key(k)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	d, ok := n.V.(*types.Dict)
	if !ok {
		t.Fatalf("%s is %T", n.Path, n.V)
	}
	return d
}

func setKey(d *types.Dict, key string, v any) {
	for i := range *d {
		if s, ok := (*d)[i].Key.(string); ok && s == key {
			(*d)[i].Value = v
			return
		}
	}
	d.Set(key, v)
}

func delKey(d *types.Dict, match func(k any) bool) {
	out := (*d)[:0]
	for _, e := range *d {
		if !match(e.Key) {
			out = append(out, e)
		}
	}
	*d = out
}

func isStr(s string) func(any) bool {
	return func(k any) bool { x, ok := k.(string); return ok && x == s }
}

func TestPickleWriterRoundTrip(t *testing.T) {
	for _, name := range []string{"000000.pickle.pbz2", "000009.pickle.pbz2", "000010.pickle.pbz2"} {
		want, err := ReadNATSArchFile(bytes.NewReader(bunzip(t, natsFixturePath(name))), name)
		if err != nil {
			t.Fatal(err)
		}
		got, err := ReadNATSArchFile(bytes.NewReader(encodePickle(t, loadFixtureTree(t, name))), name)
		if err != nil || got != want {
			t.Errorf("%s: re-encoded gives %v %v, want %v", name, got, err, want)
		}
	}
}

func TestReadNATSArchFileErrors(t *testing.T) {
	const name = "000009.pickle.pbz2"
	orig, err := os.ReadFile(natsFixturePath(name))
	if err != nil {
		t.Fatal(err)
	}
	altered := func(f func(v any)) []byte {
		v := loadFixtureTree(t, name)
		f(v)
		return encodePickle(t, v)
	}
	hp := func(v any) *types.Dict { return at(t, v, "200") }
	rc := func(v any, ds string, seed int) *types.Dict {
		return at(t, v, "200", "all_results", ds+"/"+strconv.Itoa(seed))
	}
	accs := func(v any, ds string, seed int) *types.Dict {
		return at(t, v, "200", "all_results", ds+"/"+strconv.Itoa(seed), "eval_acc1es")
	}
	for _, c := range []struct {
		what string
		data []byte
		want []string
	}{
		{"empty", nil, []string{"empty pickle data"}},
		{"truncated bz2", orig[:len(orig)/2], []string{"bzip2 data is truncated"}},
		{"bz2 header only", orig[:4], []string{"bzip2"}},
		{"bz2 of garbage", append([]byte("BZh91AY&SY"), bytes.Repeat([]byte{0x5a, 0x13}, 200)...), []string{"bad bzip2 data"}},
		{"not bz2 nor pickle", []byte("hello, world\n"), []string{"neither bzip2 data nor a valid pickle"}},
		{"truncated pickle", bunzip(t, natsFixturePath(name))[:5000], []string{"not a valid pickle", "truncated"}},
		{"not a dict", encodePickle(t, types.NewListFromSlice([]any{1.0})), []string{"is a list, want a dict"}},
		{"meta file", bunzip(t, natsFixturePath(NATSMetaFile)), []string{"this is meta.pickle.pbz2"}},
		{"no 200 key", altered(func(v any) { delOrdered(v, "200") }),
			[]string{"has no key '200'", "keys: '12'"}},
		{"no dataset_seed", altered(func(v any) { delKey(hp(v), isStr("dataset_seed")) }),
			[]string{"['200'] has no key 'dataset_seed'"}},
		{"seed list not a list", altered(func(v any) { setKey(at(t, v, "200", "dataset_seed"), "cifar100", "888") }),
			[]string{"['200']['dataset_seed']['cifar100'] is a str '888', want a list"}},
		{"no result for a seed", altered(func(v any) {
			delKey(at(t, v, "200", "all_results"), func(k any) bool { return pickle.Repr(k) == "('cifar100', 888)" })
		}), []string{"['200']['all_results'] has no key ('cifar100', 888)"}},
		{"no seeds", altered(func(v any) { setKey(at(t, v, "200", "dataset_seed"), "cifar10", types.NewList()) }),
			[]string{"no seeds for cifar10"}},
		{"missing test accuracy", altered(func(v any) { delKey(accs(v, "ImageNet16-120", 999), isStr("x-test@199")) }),
			[]string{"['200']['all_results'][('ImageNet16-120', 999)]['eval_acc1es'] has no key 'x-test@199'"}},
		{"NaN accuracy", altered(func(v any) { setKey(accs(v, "cifar100", 888), "x-test@199", math.NaN()) }),
			[]string{"['eval_acc1es']['x-test@199']", "accuracy NaN of seed 888 is not a percentage"}},
		{"Inf accuracy", altered(func(v any) { setKey(accs(v, "cifar10", 777), "ori-test@199", math.Inf(1)) }),
			[]string{"accuracy +Inf of seed 777"}},
		{"accuracy above 100", altered(func(v any) { setKey(accs(v, "cifar10", 777), "ori-test@199", 100.5) }),
			[]string{"accuracy 100.5 of seed 777 is not a percentage"}},
		{"accuracy a string", altered(func(v any) { setKey(accs(v, "cifar10", 777), "ori-test@199", "93.1") }),
			[]string{"['ori-test@199'] is a str '93.1', want a number"}},
		{"accuracy None", altered(func(v any) { setKey(accs(v, "cifar10", 777), "ori-test@199", nil) }),
			[]string{"is None, want a number"}},
		{"zero epochs", altered(func(v any) { setKey(rc(v, "cifar10", 888), "epochs", 0) }),
			[]string{"['epochs']: 0 epochs, want at least 1"}},
		{"epochs a float", altered(func(v any) { setKey(rc(v, "cifar10", 888), "epochs", 200.0) }),
			[]string{"['epochs'] is a float, want an int"}},
		{"bad op in arch string", altered(func(v any) {
			setKey(hp(v), "arch_str", "|nor_conv_1x1~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|none~0|max_pool~1|nor_conv_3x3~2|")
		}), []string{"['200']['arch_str']", "max_pool"}},
		{"short arch string", altered(func(v any) { setKey(hp(v), "arch_str", "|avg_pool_3x3~0|") }),
			[]string{"['200']['arch_str']"}},
		{"arch string not a str", altered(func(v any) { setKey(hp(v), "arch_str", 9) }),
			[]string{"['200']['arch_str'] is an int, want a str"}},
		{"negative index", altered(func(v any) { setKey(hp(v), "arch_index", -3) }),
			[]string{"negative architecture index -3"}},
		// gopickle panics on these; the reader must turn that into an error.
		{"odd dict items", []byte("\x80\x04}(K\x01K\x02K\x03u."), []string{"malformed pickle"}},
		{"empty LONG1", []byte("\x80\x04\x8a\x00."), []string{"malformed pickle"}},
		{"opcode 0xff", []byte("\x80\x04\xff."), []string{"unknown opcode 0xff"}},
		{"huge BINBYTES8", []byte("\x80\x04\x8e\xff\xff\xff\xff\xff\xff\x00\x00."), []string{"needs 281474976710655 bytes"}},
		{"huge FRAME", []byte("\x80\x04\x95\xff\xff\xff\xff\xff\xff\x00\x00."), []string{"needs 281474976710655 bytes"}},
		{"unknown class", []byte("\x80\x04cnats_bench.api_utils\nArchResults\n)\x81."), []string{"a nats_bench.api_utils.ArchResults object, want a dict"}},
	} {
		t.Run(c.what, func(t *testing.T) {
			_, err := ReadNATSArchFile(bytes.NewReader(c.data), name)
			if err == nil {
				t.Fatal("no error")
			}
			msg := err.Error()
			for _, w := range append([]string{name}, c.want...) {
				if !strings.Contains(msg, w) {
					t.Errorf("error %q does not contain %q", msg, w)
				}
			}
		})
	}
}

func delOrdered(v any, key string) {
	od := v.(*types.OrderedDict)
	if e, ok := od.Map[key]; ok {
		od.List.Remove(e.ListElement)
		delete(od.Map, key)
	}
}

// TestReadNATSArchFileObjectState checks that an architecture file whose
// results are pickled objects (a class reference with a state dict) rather
// than plain dicts still reads: objects are read through their attributes.
func TestReadNATSArchFileObjectState(t *testing.T) {
	const name = "000000.pickle.pbz2"
	v := loadFixtureTree(t, name)
	want, err := ReadNATSArchFile(bytes.NewReader(encodePickle(t, v)), name)
	if err != nil {
		t.Fatal(err)
	}
	// Re-encode the '200' state as nats_bench.api_utils.ArchResults
	// instance: GLOBAL, EMPTY_TUPLE, NEWOBJ, <state dict>, BUILD.
	od := v.(*types.OrderedDict)
	state := od.Map["200"].Value
	var w pickleWriter
	w.WriteString("\x80\x04ccollections\nOrderedDict\n)R(")
	w.str("200")
	w.WriteString("cnats_bench.api_utils\nArchResults\n)\x81")
	if err := w.value(state); err != nil {
		t.Fatal(err)
	}
	w.WriteString("bu.")
	got, err := ReadNATSArchFile(bytes.NewReader(w.Bytes()), name)
	if err != nil || got != want {
		t.Errorf("object form gives %v %v, want %v", got, err, want)
	}
}

func TestReadNATSMeta(t *testing.T) {
	f, err := os.Open(natsFixturePath(NATSMetaFile))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	meta, err := ReadNATSMeta(f, NATSMetaFile)
	if err != nil {
		t.Fatal(err)
	}
	if len(meta.Cells) != 12 {
		t.Fatalf("%d cells, want 12", len(meta.Cells))
	}
	// The synthetic order gen_nats.py writes (not NATS-Bench's), restated.
	for i, want := range []string{
		"|nor_conv_3x3~0|+|skip_connect~0|nor_conv_3x3~1|+|nor_conv_1x1~0|none~1|skip_connect~2|",
		"|skip_connect~0|+|nor_conv_1x1~0|none~1|+|avg_pool_3x3~0|nor_conv_3x3~1|nor_conv_1x1~2|",
		"|none~0|+|nor_conv_3x3~0|skip_connect~1|+|nor_conv_3x3~0|nor_conv_1x1~1|avg_pool_3x3~2|",
		"|nor_conv_1x1~0|+|avg_pool_3x3~0|nor_conv_1x1~1|+|skip_connect~0|skip_connect~1|none~2|",
		"|avg_pool_3x3~0|+|nor_conv_1x1~0|nor_conv_1x1~1|+|none~0|nor_conv_3x3~1|nor_conv_3x3~2|",
		"|nor_conv_3x3~0|+|nor_conv_3x3~0|none~1|+|avg_pool_3x3~0|skip_connect~1|avg_pool_3x3~2|",
		"|skip_connect~0|+|skip_connect~0|skip_connect~1|+|nor_conv_1x1~0|nor_conv_3x3~1|none~2|",
		"|nor_conv_1x1~0|+|none~0|avg_pool_3x3~1|+|nor_conv_3x3~0|avg_pool_3x3~1|skip_connect~2|",
		"|none~0|+|avg_pool_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_1x1~1|nor_conv_1x1~2|",
		"|nor_conv_1x1~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|none~0|skip_connect~1|nor_conv_3x3~2|",
		"|avg_pool_3x3~0|+|none~0|none~1|+|nor_conv_3x3~0|none~1|none~2|",
		"|skip_connect~0|+|avg_pool_3x3~0|avg_pool_3x3~1|+|nor_conv_1x1~0|nor_conv_1x1~1|avg_pool_3x3~2|",
	} {
		if meta.Cells[i] != nb201.MustParse(want) {
			t.Errorf("cell %d is %s, want %s", i, meta.Cells[i], want)
		}
	}

	metaTree := func() *types.Dict {
		return loadFixtureTree(t, NATSMetaFile).(*types.Dict)
	}
	archs := func(d *types.Dict) *types.List {
		v, _ := d.Get("meta_archs")
		return v.(*types.List)
	}
	for _, c := range []struct {
		what  string
		alter func(d *types.Dict)
		want  string
	}{
		{"total mismatch", func(d *types.Dict) { setKey(d, "total_archs", 15625) }, "total_archs is 15625 but meta_archs lists 12"},
		{"no meta_archs", func(d *types.Dict) { delKey(d, isStr("meta_archs")) }, "has no key 'meta_archs'"},
		{"bad arch", func(d *types.Dict) { (*archs(d))[3] = "|avg_pool_3x3~0|+|bad~0|" }, "meta_archs[3]"},
		{"arch not a str", func(d *types.Dict) { (*archs(d))[4] = 4 }, "['meta_archs'][4] is an int, want a str"},
		{"duplicate", func(d *types.Dict) { l := archs(d); (*l)[7] = (*l)[2] }, "meta_archs[2] and meta_archs[7] are the same"},
	} {
		t.Run(c.what, func(t *testing.T) {
			d := metaTree()
			c.alter(d)
			_, err := ReadNATSMeta(bytes.NewReader(encodePickle(t, d)), NATSMetaFile)
			if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), NATSMetaFile) {
				t.Errorf("error %v, want %q", err, c.want)
			}
		})
	}
	arch, err := os.ReadFile(natsFixturePath("000000.pickle.pbz2"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ReadNATSMeta(bytes.NewReader(arch), "000000.pickle.pbz2"); err == nil || !strings.Contains(err.Error(), "per-architecture file") {
		t.Errorf("reading an architecture file as meta: %v", err)
	}
}

func TestLoadNATSTopologyErrors(t *testing.T) {
	write := func(t *testing.T, dir, name string, data []byte) {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	arch9 := func(f func(v any)) []byte {
		v := loadFixtureTree(t, "000009.pickle.pbz2")
		f(v)
		return encodePickle(t, v)
	}
	for _, c := range []struct {
		what  string
		setup func(t *testing.T, dir string) string // returns the folder to load
		opt   NATSOptions
		want  []string
	}{
		{"missing folder", func(t *testing.T, dir string) string { return filepath.Join(dir, "nope") },
			NATSOptions{}, []string{"nope", "no such file", "NATS-tss-v1_0-3ffb9-simple"}},
		{"a file, not a folder", func(t *testing.T, dir string) string { return filepath.Join(dir, NATSMetaFile) },
			NATSOptions{}, []string{"not a folder"}},
		{"missing meta", func(t *testing.T, dir string) string { os.Remove(filepath.Join(dir, NATSMetaFile)); return dir },
			NATSOptions{}, []string{"no meta.pickle.pbz2"}},
		{"corrupt meta", func(t *testing.T, dir string) string {
			write(t, dir, NATSMetaFile, []byte("BZh9garbage"))
			return dir
		}, NATSOptions{}, []string{NATSMetaFile, "bzip2"}},
		{"meta only", func(t *testing.T, dir string) string {
			for _, n := range []string{"000000", "000009", "000010"} {
				os.Remove(filepath.Join(dir, n+NATSArchSuffix))
			}
			return dir
		}, NATSOptions{}, []string{"no architecture files"}},
		{"truncated file", func(t *testing.T, dir string) string {
			p := filepath.Join(dir, "000009"+NATSArchSuffix)
			b, _ := os.ReadFile(p)
			write(t, dir, "000009"+NATSArchSuffix, b[:len(b)-100])
			return dir
		}, NATSOptions{}, []string{"000009.pickle.pbz2", "truncated"}},
		{"index outside meta", func(t *testing.T, dir string) string {
			write(t, dir, "000012"+NATSArchSuffix, nil)
			return dir
		}, NATSOptions{}, []string{"000012.pickle.pbz2", "outside the 12 architectures"}},
		{"same index twice", func(t *testing.T, dir string) string {
			b, _ := os.ReadFile(filepath.Join(dir, "000009"+NATSArchSuffix))
			write(t, dir, "9"+NATSArchSuffix, b)
			return dir
		}, NATSOptions{}, []string{"both hold architecture 9"}},
		{"file name and index disagree", func(t *testing.T, dir string) string {
			b, _ := os.ReadFile(filepath.Join(dir, "000009"+NATSArchSuffix))
			write(t, dir, "000005"+NATSArchSuffix, b)
			return dir
		}, NATSOptions{}, []string{"000005.pickle.pbz2", "holds arch_index 9, but its name says 5"}},
		{"arch string differs from meta", func(t *testing.T, dir string) string {
			write(t, dir, "000009"+NATSArchSuffix, arch9(func(v any) {
				setKey(at(t, v, "200"), "arch_str", "|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|none~0|skip_connect~1|nor_conv_3x3~2|")
			}))
			return dir
		}, NATSOptions{}, []string{"000009.pickle.pbz2", "differs from meta.pickle.pbz2's entry for index 9"}},
		{"NaN accuracy", func(t *testing.T, dir string) string {
			write(t, dir, "000009"+NATSArchSuffix, arch9(func(v any) {
				setKey(at(t, v, "200", "all_results", "cifar100/999", "eval_acc1es"), "x-test@199", math.NaN())
			}))
			return dir
		}, NATSOptions{}, []string{"000009.pickle.pbz2", "NaN"}},
		{"require all", func(t *testing.T, dir string) string { return dir },
			NATSOptions{RequireAll: true}, []string{"no file for architecture 1 (000001.pickle.pbz2); 3 of the 12"}},
	} {
		t.Run(c.what, func(t *testing.T) {
			dir := c.setup(t, natsFixtureDir(t))
			_, err := LoadNATSTopologyContext(context.Background(), dir, c.opt)
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
		})
	}
}

func TestLoadNATSTopologyIgnoresOtherFiles(t *testing.T) {
	dir := natsFixtureDir(t)
	for _, n := range []string{"README", "._000001.pickle.pbz2", "x.pickle.pbz2"} {
		if err := os.WriteFile(filepath.Join(dir, n), []byte("junk"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// An unpadded name is accepted, as by NATS-Bench's API.
	if err := os.Rename(filepath.Join(dir, "000009.pickle.pbz2"), filepath.Join(dir, "9.pickle.pbz2")); err != nil {
		t.Fatal(err)
	}
	tab, err := LoadNATSTopology(dir)
	if err != nil {
		t.Fatal(err)
	}
	if tab.Len() != 3 {
		t.Errorf("%d rows, want 3", tab.Len())
	}
}

func TestLoadNATSTopologyProgressAndCancel(t *testing.T) {
	dir := natsFixtureDir(t)
	var mu sync.Mutex
	var calls [][2]int
	_, err := LoadNATSTopologyContext(context.Background(), dir, NATSOptions{Progress: func(done, total int) {
		mu.Lock()
		calls = append(calls, [2]int{done, total})
		mu.Unlock()
	}})
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(calls) != "[[1 3] [2 3] [3 3]]" {
		t.Errorf("progress calls %v", calls)
	}

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = LoadNATSTopologyContext(ctx, dir, NATSOptions{})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("canceled load: %v", err)
	}

	// Cancel from the progress callback: the load stops with an error.
	ctx, cancel = context.WithCancel(context.Background())
	defer cancel()
	_, err = LoadNATSTopologyContext(ctx, dir, NATSOptions{Workers: 1, Progress: func(done, total int) { cancel() }})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("load canceled midway: %v", err)
	}
}

// TestGopickleAlone documents why the reader does not call gopickle with
// its defaults: without a class resolver, the numpy scalars in the files
// stop it.
func TestGopickleAlone(t *testing.T) {
	_, err := gopickle.Loads(string(bunzip(t, natsFixturePath("000010.pickle.pbz2"))))
	if err == nil {
		t.Skip("gopickle now decodes numpy scalars by itself")
	}
	if _, err := LoadNATSTopology(natsFixtureDir(t)); err != nil {
		t.Fatal(err)
	}
}
