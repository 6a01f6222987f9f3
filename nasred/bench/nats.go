package bench

// Reader of the official NATS-Bench topology files
// (NATS-tss-v1_0-3ffb9-simple).
//
// Layout, as written by NATS-Bench's collection script and read by
// nats_bench.api_topology / api_utils (fast_mode=True):
//
//	meta.pickle.pbz2    {'meta_archs': [arch_str, ...] (index order),
//	                     'total_archs': 15625, 'arch2infos': None,
//	                     'evaluated_indexes': set()}
//	NNNNNN.pickle.pbz2  OrderedDict({'12': ArchResults state, '200': ArchResults state})
//
// (the API also accepts an unpadded name, N.pickle.pbz2). Every file is a
// bz2-compressed pickle (protocol 4). An ArchResults state is a plain dict
//
//	{'arch_index': int, 'arch_str': str, 'clear_net_done': bool,
//	 'dataset_seed': {dataset: [seed, ...] (sorted)},
//	 'all_results':  {(dataset, seed): ResultsCount state}}
//
// and a ResultsCount state is the dict of that object's attributes, among
// them 'epochs' (int) and 'eval_acc1es' ({'<set>@<epoch>': accuracy}), plus
// per-epoch train curves, 'params', 'flop', 'latency', timings, and
// 'net_state_dict' (None in the simple files). The files hold no instances
// of NATS-Bench classes, but they reference classes: collections.OrderedDict
// and, where NATS-Bench's tooling produced numpy numbers, numpy scalars
// (numpy.core.multiarray.scalar with a numpy.dtype). This reader decodes
// numpy float64 / float32 / integer scalars and keeps every other class
// reference as an opaque object, so an unexpected class fails only when a
// value the reader needs has that type.
//
// The accuracy of a data set is what get_more_info(index, dataset,
// hp='200', is_random=False)['test-accuracy'] returns: in the '200' entry,
// for each seed s of dataset_seed[dataset] (in that order) the value
// all_results[(dataset, s)]['eval_acc1es']['<set>@<epochs-1>'], with <set>
// = 'ori-test' for cifar10 and 'x-test' for cifar100 and ImageNet16-120,
// then np.mean of those values (numpy's summation order, see npMean).

import (
	"bufio"
	"bytes"
	"compress/bzip2"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"math/big"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/nasred/nasred/nasred/internal/numpysum"

	"github.com/nlpodyssey/gopickle/pickle"
	"github.com/nlpodyssey/gopickle/types"

	"github.com/nasred/nasred/nasred/datadir"
	"github.com/nasred/nasred/nasred/space/nb201"
)

// NATSMetaFile is the name of the meta file in the official folder.
const NATSMetaFile = "meta.pickle.pbz2"

// NATSArchSuffix ends the name of every per-architecture file
// (000123.pickle.pbz2).
const NATSArchSuffix = ".pickle.pbz2"

// NATSHyperParam is the key of the 200-epoch training results in a
// per-architecture file (the other key, '12', holds 12-epoch results).
const NATSHyperParam = "200"

// NATSMaxPickleSize bounds the decompressed size of one file (the real
// files are far smaller), so that a corrupt or hostile file cannot exhaust
// memory.
const NATSMaxPickleSize = 64 << 20

// NATSTestSet returns the evaluation set whose accuracy NATS-Bench reports
// as the test accuracy of d: "ori-test" for cifar10 (trained on train+valid,
// tested on the original test set), "x-test" for cifar100 and
// ImageNet16-120 (the held-out half of the original test set).
func NATSTestSet(d Dataset) string {
	if d == CIFAR10 {
		return "ori-test"
	}
	return "x-test"
}

// NATSMeta is the content of meta.pickle.pbz2: the architecture of every
// index of the topology search space.
type NATSMeta struct {
	// Cells[i] is the cell of architecture index i (meta_archs[i]).
	Cells []nb201.Cell
}

// NATSOptions tunes LoadNATSTopologyContext. The zero value is ready to
// use.
type NATSOptions struct {
	// Workers is the number of files read at once; 0 means
	// runtime.GOMAXPROCS(0).
	Workers int
	// Progress, when not nil, is called after each architecture file
	// with the number of files read so far and the number to read. It is
	// called from one goroutine at a time.
	Progress func(done, total int)
	// RequireAll makes a folder that lacks the file of any architecture
	// listed in the meta file an error. Without it the table holds the
	// architectures whose files are present.
	RequireAll bool
}

// LoadNATSTopology reads the official NATS-Bench topology folder
// NATS-tss-v1_0-3ffb9-simple (meta.pickle.pbz2 and one NNNNNN.pickle.pbz2
// per architecture) into a table of 200-epoch test accuracies averaged over
// seeds. It reads the files present, in parallel; see
// LoadNATSTopologyContext for options. The rows have no Unique key.
func LoadNATSTopology(dir string) (*NB201, error) {
	return LoadNATSTopologyContext(context.Background(), dir, NATSOptions{})
}

// LoadNATSTopologyContext is LoadNATSTopology with cancellation, progress
// and the other options of opt.
func LoadNATSTopologyContext(ctx context.Context, dir string, opt NATSOptions) (*NB201, error) {
	st, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("read NATS-Bench topology folder: %w\n%s", err, datadir.Help)
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("read %s: not a folder: want the NATS-tss-v1_0-3ffb9-simple folder (%s and one NNNNNN%s per architecture), not a single file", dir, NATSMetaFile, NATSArchSuffix)
	}
	metaPath := filepath.Join(dir, NATSMetaFile)
	meta, err := readNATSMetaPath(metaPath)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("read %s: no %s: want the NATS-tss-v1_0-3ffb9-simple folder (%s and one NNNNNN%s per architecture)\n%s", dir, NATSMetaFile, NATSMetaFile, NATSArchSuffix, datadir.Help)
		}
		return nil, err
	}
	files, err := natsArchFiles(dir, len(meta.Cells))
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("read %s: no architecture files (NNNNNN%s) beside %s", dir, NATSArchSuffix, NATSMetaFile)
	}
	if opt.RequireAll && len(files) != len(meta.Cells) {
		for i, f := range files {
			if f.index != i {
				return nil, fmt.Errorf("read %s: no file for architecture %d (%06d%s); %d of the %d architectures are present", dir, i, i, NATSArchSuffix, len(files), len(meta.Cells))
			}
		}
		i := len(files)
		return nil, fmt.Errorf("read %s: no file for architecture %d (%06d%s); %d of the %d architectures are present", dir, i, i, NATSArchSuffix, len(files), len(meta.Cells))
	}

	rows := make([]NB201Row, len(files))
	if err := readNATSFiles(ctx, dir, files, meta, rows, opt); err != nil {
		return nil, err
	}
	t, err := NewNB201(rows)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", dir, err)
	}
	return t, nil
}

type natsFile struct {
	index int
	name  string
}

// natsArchFiles lists the per-architecture files of dir, sorted by index.
func natsArchFiles(dir string, n int) ([]natsFile, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", dir, err)
	}
	var files []natsFile
	seen := make(map[int]string)
	for _, e := range entries {
		name := e.Name()
		digits, ok := strings.CutSuffix(name, NATSArchSuffix)
		if !ok || digits == "" || strings.Trim(digits, "0123456789") != "" || e.IsDir() {
			continue
		}
		idx, err := strconv.Atoi(digits)
		if err != nil || idx >= n {
			return nil, fmt.Errorf("read %s: file %s: index %s is outside the %d architectures of %s", dir, name, digits, n, NATSMetaFile)
		}
		if prev, dup := seen[idx]; dup {
			return nil, fmt.Errorf("read %s: files %s and %s both hold architecture %d", dir, prev, name, idx)
		}
		seen[idx] = name
		files = append(files, natsFile{idx, name})
	}
	sort.Slice(files, func(i, j int) bool { return files[i].index < files[j].index })
	return files, nil
}

type natsResult struct {
	pos int
	row NB201Row
	err error
}

// readNATSFiles reads files into rows (same positions) with opt.Workers
// goroutines, checking each against meta.
func readNATSFiles(ctx context.Context, dir string, files []natsFile, meta *NATSMeta, rows []NB201Row, opt NATSOptions) error {
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = max(1, min(workers, len(files)))
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	jobs := make(chan int)
	results := make(chan natsResult, workers)
	go func() {
		defer close(jobs)
		for pos := range files {
			select {
			case jobs <- pos:
			case <-ctx.Done():
				return
			}
		}
	}()
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var buf bytes.Buffer
			for pos := range jobs {
				if ctx.Err() != nil {
					continue
				}
				f := files[pos]
				path := filepath.Join(dir, f.name)
				row, err := readNATSArchPath(path, &buf)
				if err == nil {
					err = checkNATSRow(path, f.index, row, meta)
				}
				results <- natsResult{pos, row, err}
			}
		}()
	}
	go func() {
		wg.Wait()
		close(results)
	}()

	var firstErr error
	done := 0
	for r := range results {
		if r.err != nil {
			if firstErr == nil {
				firstErr = r.err
				cancel()
			}
			continue
		}
		rows[r.pos] = r.row
		done++
		if opt.Progress != nil && firstErr == nil {
			opt.Progress(done, len(files))
		}
	}
	if firstErr != nil {
		return firstErr
	}
	if err := ctx.Err(); err != nil || done != len(files) {
		if err == nil {
			err = context.Cause(ctx)
		}
		return fmt.Errorf("read %s: stopped after %d of %d architecture files: %w", dir, done, len(files), err)
	}
	return nil
}

func checkNATSRow(path string, index int, row NB201Row, meta *NATSMeta) error {
	if row.Index != index {
		return fmt.Errorf("read %s: holds arch_index %d, but its name says %d", path, row.Index, index)
	}
	if want := meta.Cells[index]; row.Cell != want {
		return fmt.Errorf("read %s: arch_str %s differs from %s's entry for index %d, %s", path, row.Cell, NATSMetaFile, index, want)
	}
	return nil
}

func readNATSMetaPath(path string) (*NATSMeta, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ReadNATSMeta(f, path)
}

func readNATSArchPath(path string, buf *bytes.Buffer) (NB201Row, error) {
	f, err := os.Open(path)
	if err != nil {
		return NB201Row{}, fmt.Errorf("read %s: %w", path, err)
	}
	defer f.Close()
	return readNATSArch(f, path, buf)
}

// ReadNATSMeta reads a NATS-Bench topology meta file (meta.pickle.pbz2):
// bz2-compressed or raw pickle data of a dict whose 'meta_archs' lists the
// architecture string of every index and whose 'total_archs' is their
// number. name is used in error messages.
func ReadNATSMeta(r io.Reader, name string) (*NATSMeta, error) {
	v, err := decodeNATSPickle(r, name, nil)
	if err != nil {
		return nil, err
	}
	root := pyNode{v: v}
	if _, err := root.key("200"); err == nil {
		return nil, fmt.Errorf("read %s: this is a per-architecture file, not %s", name, NATSMetaFile)
	}
	archs, err := root.key("meta_archs")
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	list, err := archs.list()
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	total, err := root.key("total_archs")
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	n, err := total.int()
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	if n != len(list) {
		return nil, fmt.Errorf("read %s: total_archs is %d but meta_archs lists %d architectures", name, n, len(list))
	}
	meta := &NATSMeta{Cells: make([]nb201.Cell, len(list))}
	at := make(map[nb201.Cell]int, len(list))
	for i, a := range list {
		s, err := a.str()
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", name, err)
		}
		c, err := nb201.Parse(s)
		if err != nil {
			return nil, fmt.Errorf("read %s: meta_archs[%d]: %w", name, i, err)
		}
		if j, dup := at[c]; dup {
			return nil, fmt.Errorf("read %s: meta_archs[%d] and meta_archs[%d] are the same architecture %s", name, j, i, c)
		}
		at[c] = i
		meta.Cells[i] = c
	}
	return meta, nil
}

// ReadNATSArchFile reads one per-architecture NATS-Bench topology file
// (NNNNNN.pickle.pbz2, bz2-compressed, or its raw pickle data) and returns
// its index, cell and 200-epoch test accuracy per data set, exactly as
// NATS-Bench's get_more_info(index, dataset, hp='200',
// is_random=False)['test-accuracy'] computes it (see NATSTestSet and the
// package documentation). name is used in error messages. The row has no
// Unique key.
func ReadNATSArchFile(r io.Reader, name string) (NB201Row, error) {
	return readNATSArch(r, name, nil)
}

func readNATSArch(r io.Reader, name string, buf *bytes.Buffer) (NB201Row, error) {
	v, err := decodeNATSPickle(r, name, buf)
	if err != nil {
		return NB201Row{}, err
	}
	row, err := natsRow(pyNode{v: v})
	if err != nil {
		return NB201Row{}, fmt.Errorf("read %s: %w", name, err)
	}
	return row, nil
}

func natsRow(root pyNode) (NB201Row, error) {
	var row NB201Row
	if _, err := root.key("meta_archs"); err == nil {
		return row, fmt.Errorf("this is %s, not a per-architecture file", NATSMetaFile)
	}
	hp, err := root.key(NATSHyperParam)
	if err != nil {
		return row, fmt.Errorf("%w (want the 200-epoch results of a NATS-Bench topology file)", err)
	}
	idxNode, err := hp.key("arch_index")
	if err != nil {
		return row, err
	}
	if row.Index, err = idxNode.int(); err != nil {
		return row, err
	}
	if row.Index < 0 {
		return row, fmt.Errorf("%s: negative architecture index %d", idxNode.path, row.Index)
	}
	archNode, err := hp.key("arch_str")
	if err != nil {
		return row, err
	}
	arch, err := archNode.str()
	if err != nil {
		return row, err
	}
	if row.Cell, err = nb201.Parse(arch); err != nil {
		return row, fmt.Errorf("%s: %w", archNode.path, err)
	}
	seedsByData, err := hp.key("dataset_seed")
	if err != nil {
		return row, err
	}
	all, err := hp.key("all_results")
	if err != nil {
		return row, err
	}
	for _, d := range Datasets() {
		acc, err := natsAccuracy(seedsByData, all, d)
		if err != nil {
			return row, err
		}
		row.Accuracy[d] = acc
	}
	return row, nil
}

// natsAccuracy is ArchResults.get_metrics(d, NATSTestSet(d),
// iepoch=None, is_random=False)['accuracy'].
func natsAccuracy(seedsByData, all pyNode, d Dataset) (float64, error) {
	ds := d.String()
	seedsNode, err := seedsByData.key(ds)
	if err != nil {
		return 0, err
	}
	seeds, err := seedsNode.list()
	if err != nil {
		return 0, err
	}
	if len(seeds) == 0 {
		return 0, fmt.Errorf("%s: no seeds for %s", seedsNode.path, ds)
	}
	set := NATSTestSet(d)
	vals := make([]pyNumber, len(seeds))
	for i, s := range seeds {
		seed, err := s.int()
		if err != nil {
			return 0, err
		}
		res, err := all.tupleKey(ds, seed)
		if err != nil {
			return 0, err
		}
		ep, err := res.key("epochs")
		if err != nil {
			return 0, err
		}
		epochs, err := ep.int()
		if err != nil {
			return 0, err
		}
		if epochs < 1 {
			return 0, fmt.Errorf("%s: %d epochs, want at least 1", ep.path, epochs)
		}
		accs, err := res.key("eval_acc1es")
		if err != nil {
			return 0, err
		}
		a, err := accs.key(set + "@" + strconv.Itoa(epochs-1))
		if err != nil {
			return 0, err
		}
		if vals[i], err = a.number(); err != nil {
			return 0, err
		}
		if f := vals[i].float64(); math.IsNaN(f) || math.IsInf(f, 0) || f < 0 || f > 100 {
			return 0, fmt.Errorf("%s: %s accuracy %v of seed %d is not a percentage in [0, 100]", a.path, ds, f, seed)
		}
	}
	return npMean(vals), nil
}

// pyNumber is a number read from a pickle: a Python float or int, or a
// numpy float64 / float32 / integer scalar.
type pyNumber struct {
	f   float64
	f32 bool // a numpy float32: np.mean of float32s sums in float32
}

func (n pyNumber) float64() float64 { return n.f }

// npMean returns np.mean(vals) for a list of Python / numpy numbers: the
// array is float32 when every value is a numpy float32 and float64
// otherwise, and the sum follows numpy's pairwise summation (sequential for
// fewer than 8 values, which is the case for NATS-Bench's 1 to 3 seeds).
func npMean(vals []pyNumber) float64 {
	all32 := true
	for _, v := range vals {
		all32 = all32 && v.f32
	}
	if all32 {
		a := make([]float32, len(vals))
		for i, v := range vals {
			a[i] = float32(v.f)
		}
		return float64(numpysum.Sum(a) / float32(len(a)))
	}
	a := make([]float64, len(vals))
	for i, v := range vals {
		a[i] = v.f
	}
	return numpysum.Sum(a) / float64(len(a))
}

// decodeNATSPickle decompresses r when it is bzip2 data ("BZh" magic),
// checks the pickle's structure and unpickles it with gopickle, turning any
// panic of the decoder into an error. buf, when not nil, is reused.
func decodeNATSPickle(r io.Reader, name string, buf *bytes.Buffer) (v any, err error) {
	br := bufio.NewReaderSize(r, 1<<16)
	var src io.Reader = br
	compressed := false
	if magic, _ := br.Peek(3); string(magic) == "BZh" {
		src = bzip2.NewReader(br)
		compressed = true
	}
	if buf == nil {
		buf = new(bytes.Buffer)
	}
	buf.Reset()
	if _, err := buf.ReadFrom(io.LimitReader(src, NATSMaxPickleSize+1)); err != nil {
		if compressed {
			if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
				return nil, fmt.Errorf("read %s: bzip2 data is truncated: %w", name, err)
			}
			return nil, fmt.Errorf("read %s: bad bzip2 data: %w", name, err)
		}
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	data := buf.Bytes()
	if len(data) > NATSMaxPickleSize {
		return nil, fmt.Errorf("read %s: more than %d MiB of pickle data, want a NATS-Bench file", name, NATSMaxPickleSize>>20)
	}
	what := "pickle data"
	if compressed {
		what = "decompressed data"
	}
	if len(data) == 0 {
		return nil, fmt.Errorf("read %s: empty %s, want a pickle", name, what)
	}
	if err := checkPickle(data); err != nil {
		switch {
		case compressed:
			return nil, fmt.Errorf("read %s: decompressed data is not a valid pickle: %w", name, err)
		case data[0] == 0x80: // PROTO: a pickle of protocol 2 or later
			return nil, fmt.Errorf("read %s: not a valid pickle: %w", name, err)
		}
		return nil, fmt.Errorf("read %s: neither bzip2 data nor a valid pickle: %w", name, err)
	}
	defer func() {
		if p := recover(); p != nil {
			v, err = nil, fmt.Errorf("read %s: malformed pickle: %v", name, p)
		}
	}()
	u := pickle.NewUnpickler(bytes.NewReader(data))
	u.FindClass = findPickleClass
	v, err = u.Load()
	if err != nil {
		return nil, fmt.Errorf("read %s: malformed pickle: %w", name, err)
	}
	return v, nil
}

// checkPickle walks the opcodes of a pickle up to STOP, checking that each
// opcode is known and that its argument fits in the data. It bounds every
// allocation gopickle makes by len(data) and the depth of MARKs.
func checkPickle(data []byte) error {
	const maxDepth = 1 << 12
	depth := 0
	for i := 0; i < len(data); {
		op := data[i]
		at := i
		i++
		need := func(n uint64) error {
			if n > uint64(len(data)-i) {
				return fmt.Errorf("opcode 0x%02x at byte %d needs %d bytes, %d left: truncated or corrupt", op, at, n, len(data)-i)
			}
			return nil
		}
		lenArg := func(size int) error {
			if err := need(uint64(size)); err != nil {
				return err
			}
			var n uint64
			switch size {
			case 1:
				n = uint64(data[i])
			case 4:
				n = uint64(binary.LittleEndian.Uint32(data[i:]))
			case 8:
				n = binary.LittleEndian.Uint64(data[i:])
			}
			i += size
			if err := need(n); err != nil {
				return err
			}
			i += int(n)
			return nil
		}
		line := func() error {
			j := bytes.IndexByte(data[i:], '\n')
			if j < 0 {
				return fmt.Errorf("opcode %q at byte %d: no end of line", op, at)
			}
			i += j + 1
			return nil
		}
		var err error
		switch op {
		case '.': // STOP
			return nil
		case '(': // MARK
			depth++
			if depth > maxDepth {
				return fmt.Errorf("more than %d nested MARKs", maxDepth)
			}
		case 't', 'l', 'd', 'u', 'e', 0x90, 0x91, 'o', '1': // pop to MARK
			depth--
		case 'i': // INST: two lines, pops to MARK
			depth--
			if err = line(); err == nil {
				err = line()
			}
		case '0', '2', 'N', 'a', 'b', '}', ']', 'R', 's', ')', 0x81, 0x85, 0x86, 0x87,
			0x88, 0x89, 0x8f, 0x92, 0x93, 0x94, 0x97, 0x98, 'Q':
		case 'K', 'h', 'q', 0x80, 0x82:
			err = need(1)
			i++
		case 'M', 0x83:
			err = need(2)
			i += 2
		case 'J', 'j', 'r', 0x84:
			err = need(4)
			i += 4
		case 'G':
			err = need(8)
			i += 8
		case 0x95: // FRAME: the frame's bytes follow inline
			if err = need(8); err == nil {
				n := binary.LittleEndian.Uint64(data[i:])
				i += 8
				err = need(n)
			}
		case 'U', 0x8c, 'C', 0x8a:
			err = lenArg(1)
		case 'T', 'X', 'B', 0x8b:
			err = lenArg(4)
		case 0x8d, 0x8e, 0x96:
			err = lenArg(8)
		case 'I', 'L', 'F', 'S', 'V', 'p', 'g', 'P':
			err = line()
		case 'c': // GLOBAL
			if err = line(); err == nil {
				err = line()
			}
		default:
			return fmt.Errorf("unknown opcode 0x%02x at byte %d", op, at)
		}
		if err != nil {
			return err
		}
		if i > len(data) {
			return fmt.Errorf("opcode 0x%02x at byte %d: argument runs past the end", op, at)
		}
	}
	return fmt.Errorf("no STOP opcode: the pickle is truncated")
}

// findPickleClass resolves the classes a pickle references: numpy scalars
// and dtypes are decoded, anything else becomes an opaque pyClass.
func findPickleClass(module, name string) (any, error) {
	switch {
	case module == "numpy" && name == "dtype":
		return npDtypeClass{}, nil
	case (module == "numpy.core.multiarray" || module == "numpy._core.multiarray") && name == "scalar":
		return npScalarFunc{}, nil
	}
	return &pyClass{module: module, name: name}, nil
}

// pyClass is a class or function a pickle references that the reader does
// not interpret. Calling or instantiating it gives a pyObject.
type pyClass struct{ module, name string }

func (c *pyClass) Call(args ...any) (any, error)  { return &pyObject{class: c, args: args}, nil }
func (c *pyClass) PyNew(args ...any) (any, error) { return &pyObject{class: c, args: args}, nil }

// pyObject is an instance of a pyClass; its state is what BUILD set (for
// plain objects, the dict of its attributes).
type pyObject struct {
	class *pyClass
	args  []any
	state any
}

func (o *pyObject) PySetState(state any) error { o.state = state; return nil }

type npDtypeClass struct{}

// npDtype is a numpy.dtype: its type code ('f8', 'i4', ...) and byte order
// ('<', '>', '|', '=').
type npDtype struct {
	code  string
	order byte
}

func (npDtypeClass) Call(args ...any) (any, error) {
	if len(args) == 0 {
		return nil, fmt.Errorf("numpy.dtype called without a type code")
	}
	code, ok := args[0].(string)
	if !ok {
		return nil, fmt.Errorf("numpy.dtype called with %s, want a type code", pyTypeName(args[0]))
	}
	return &npDtype{code: code, order: '<'}, nil
}

func (d *npDtype) PySetState(state any) error {
	if t, ok := state.(*types.Tuple); ok && t.Len() > 1 {
		if s, ok := t.Get(1).(string); ok && len(s) == 1 {
			d.order = s[0]
		}
	}
	return nil
}

type npScalarFunc struct{}

// Call decodes numpy.core.multiarray.scalar(dtype, raw bytes) into a Go
// float64, float32 or int64.
func (npScalarFunc) Call(args ...any) (any, error) {
	if len(args) != 2 {
		return nil, fmt.Errorf("numpy scalar with %d arguments, want dtype and bytes", len(args))
	}
	dt, ok := args[0].(*npDtype)
	if !ok {
		return nil, fmt.Errorf("numpy scalar with %s for a dtype", pyTypeName(args[0]))
	}
	raw, ok := args[1].([]byte)
	if !ok {
		return nil, fmt.Errorf("numpy scalar data is %s, want bytes", pyTypeName(args[1]))
	}
	var bo binary.ByteOrder = binary.LittleEndian
	if dt.order == '>' {
		bo = binary.BigEndian
	}
	size := map[string]int{"f8": 8, "f4": 4, "i8": 8, "i4": 4, "i2": 2, "i1": 1, "u8": 8, "u4": 4, "u2": 2, "u1": 1}[dt.code]
	if size == 0 {
		return nil, fmt.Errorf("numpy scalar of dtype %q not supported (want f8, f4 or an integer type)", dt.code)
	}
	if len(raw) != size {
		return nil, fmt.Errorf("numpy %s scalar with %d bytes, want %d", dt.code, len(raw), size)
	}
	switch dt.code {
	case "f8":
		return math.Float64frombits(bo.Uint64(raw)), nil
	case "f4":
		return math.Float32frombits(bo.Uint32(raw)), nil
	case "i8":
		return int64(bo.Uint64(raw)), nil
	case "i4":
		return int64(int32(bo.Uint32(raw))), nil
	case "i2":
		return int64(int16(bo.Uint16(raw))), nil
	case "i1":
		return int64(int8(raw[0])), nil
	case "u8":
		u := bo.Uint64(raw)
		if u > math.MaxInt64 {
			return new(big.Int).SetUint64(u), nil
		}
		return int64(u), nil
	case "u4":
		return int64(bo.Uint32(raw)), nil
	case "u2":
		return int64(bo.Uint16(raw)), nil
	default: // u1
		return int64(raw[0]), nil
	}
}

// pyNode is a value decoded from a pickle and the path that leads to it
// (for error messages), e.g. ['200']['all_results'][('cifar10', 777)].
type pyNode struct {
	v    any
	path string
}

func (n pyNode) where() string {
	if n.path == "" {
		return "the pickled object"
	}
	return n.path
}

// entries returns the key/value pairs of a dict, an OrderedDict, or an
// object's attribute dict, in order (a later duplicate key wins when
// looking up, as in Python).
func (n pyNode) entries() ([]types.DictEntry, error) {
	switch m := n.v.(type) {
	case *types.Dict:
		return *m, nil
	case *types.OrderedDict:
		out := make([]types.DictEntry, 0, m.Len())
		for e := m.List.Front(); e != nil; e = e.Next() {
			if oe, ok := e.Value.(*types.OrderedDictEntry); ok {
				out = append(out, types.DictEntry{Key: oe.Key, Value: oe.Value})
			}
		}
		return out, nil
	case *pyObject:
		if d, ok := m.state.(*types.Dict); ok {
			return *d, nil
		}
	}
	return nil, fmt.Errorf("%s is %s, want a dict", n.where(), pyTypeName(n.v))
}

func (n pyNode) lookup(desc string, match func(k any) bool) (pyNode, error) {
	es, err := n.entries()
	if err != nil {
		return pyNode{}, err
	}
	for i := len(es) - 1; i >= 0; i-- {
		if match(es[i].Key) {
			return pyNode{v: es[i].Value, path: n.path + "[" + desc + "]"}, nil
		}
	}
	var keys []string
	for i, e := range es {
		if i == 6 {
			keys = append(keys, fmt.Sprintf("... (%d keys)", len(es)))
			break
		}
		keys = append(keys, pyRepr(e.Key))
	}
	return pyNode{}, fmt.Errorf("%s has no key %s (keys: %s)", n.where(), desc, strings.Join(keys, ", "))
}

func (n pyNode) key(k string) (pyNode, error) {
	return n.lookup(pyRepr(k), func(x any) bool { s, ok := x.(string); return ok && s == k })
}

func (n pyNode) tupleKey(s string, i int) (pyNode, error) {
	return n.lookup("("+pyRepr(s)+", "+strconv.Itoa(i)+")", func(x any) bool {
		t, ok := x.(*types.Tuple)
		if !ok || t.Len() != 2 {
			return false
		}
		ts, ok := t.Get(0).(string)
		if !ok || ts != s {
			return false
		}
		ti, err := (pyNode{v: t.Get(1)}).int()
		return err == nil && ti == i
	})
}

func (n pyNode) list() ([]pyNode, error) {
	var items []any
	switch l := n.v.(type) {
	case *types.List:
		items = *l
	case *types.Tuple:
		items = *l
	default:
		return nil, fmt.Errorf("%s is %s, want a list", n.where(), pyTypeName(n.v))
	}
	out := make([]pyNode, len(items))
	for i, v := range items {
		out[i] = pyNode{v: v, path: fmt.Sprintf("%s[%d]", n.path, i)}
	}
	return out, nil
}

func (n pyNode) str() (string, error) {
	if s, ok := n.v.(string); ok {
		return s, nil
	}
	return "", fmt.Errorf("%s is %s, want a str", n.where(), pyTypeName(n.v))
}

func (n pyNode) int() (int, error) {
	switch x := n.v.(type) {
	case int:
		return x, nil
	case int64:
		if int64(int(x)) == x {
			return int(x), nil
		}
	case *big.Int:
		if x.IsInt64() && int64(int(x.Int64())) == x.Int64() {
			return int(x.Int64()), nil
		}
	}
	return 0, fmt.Errorf("%s is %s, want an int", n.where(), pyTypeName(n.v))
}

func (n pyNode) number() (pyNumber, error) {
	switch x := n.v.(type) {
	case float64:
		return pyNumber{f: x}, nil
	case float32:
		return pyNumber{f: float64(x), f32: true}, nil
	case int:
		return pyNumber{f: float64(x)}, nil
	case int64:
		return pyNumber{f: float64(x)}, nil
	}
	return pyNumber{}, fmt.Errorf("%s is %s, want a number", n.where(), pyTypeName(n.v))
}

// pyTypeName names the Python type of a decoded value.
func pyTypeName(v any) string {
	switch x := v.(type) {
	case nil:
		return "None"
	case bool:
		return "a bool"
	case int, int64, *big.Int:
		return "an int"
	case float64:
		return "a float"
	case float32:
		return "a numpy float32"
	case string:
		return "a str " + pyRepr(x)
	case []byte:
		return "bytes"
	case *types.Dict:
		return "a dict"
	case *types.OrderedDict:
		return "an OrderedDict"
	case *types.List:
		return "a list"
	case *types.Tuple:
		return "a tuple"
	case *types.Set:
		return "a set"
	case *types.FrozenSet:
		return "a frozenset"
	case *pyObject:
		return "a " + x.class.module + "." + x.class.name + " object"
	case *pyClass:
		return "the class " + x.module + "." + x.name
	case *npDtype:
		return "a numpy dtype"
	}
	return fmt.Sprintf("%T", v)
}

// pyRepr renders a dict key for error messages.
func pyRepr(v any) string {
	switch x := v.(type) {
	case string:
		if len(x) > 40 {
			x = x[:40] + "..."
		}
		return "'" + x + "'"
	case int:
		return strconv.Itoa(x)
	case *types.Tuple:
		parts := make([]string, x.Len())
		for i := range parts {
			parts[i] = pyRepr(x.Get(i))
		}
		return "(" + strings.Join(parts, ", ") + ")"
	}
	return pyTypeName(v)
}
