package nb201

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
// then np.mean of those values (numpy's summation order, see pickle.Mean).

import (
	"bufio"
	"bytes"
	"compress/bzip2"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/nasred/nasred/internal/pickle"

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
		return nil, fmt.Errorf("read NATS-Bench topology folder: %w (want the NATS-tss-v1_0-3ffb9-simple folder of the official NATS-Bench files)", err)
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("read %s: not a folder: want the NATS-tss-v1_0-3ffb9-simple folder (%s and one NNNNNN%s per architecture), not a single file", dir, NATSMetaFile, NATSArchSuffix)
	}
	metaPath := filepath.Join(dir, NATSMetaFile)
	meta, err := readNATSMetaPath(metaPath)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("read %s: no %s: want the NATS-tss-v1_0-3ffb9-simple folder (%s and one NNNNNN%s per architecture): %w", dir, NATSMetaFile, NATSMetaFile, NATSArchSuffix, fs.ErrNotExist)
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
	root := pickle.Node{V: v}
	if _, err := root.Key("200"); err == nil {
		return nil, fmt.Errorf("read %s: this is a per-architecture file, not %s", name, NATSMetaFile)
	}
	archs, err := root.Key("meta_archs")
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	list, err := archs.List()
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	total, err := root.Key("total_archs")
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	n, err := total.Int()
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	if n != len(list) {
		return nil, fmt.Errorf("read %s: total_archs is %d but meta_archs lists %d architectures", name, n, len(list))
	}
	meta := &NATSMeta{Cells: make([]nb201.Cell, len(list))}
	at := make(map[nb201.Cell]int, len(list))
	for i, a := range list {
		s, err := a.Str()
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
	row, err := natsRow(pickle.Node{V: v})
	if err != nil {
		return NB201Row{}, fmt.Errorf("read %s: %w", name, err)
	}
	return row, nil
}

func natsRow(root pickle.Node) (NB201Row, error) {
	var row NB201Row
	if _, err := root.Key("meta_archs"); err == nil {
		return row, fmt.Errorf("this is %s, not a per-architecture file", NATSMetaFile)
	}
	hp, err := root.Key(NATSHyperParam)
	if err != nil {
		return row, fmt.Errorf("%w (want the 200-epoch results of a NATS-Bench topology file)", err)
	}
	idxNode, err := hp.Key("arch_index")
	if err != nil {
		return row, err
	}
	if row.Index, err = idxNode.Int(); err != nil {
		return row, err
	}
	if row.Index < 0 {
		return row, fmt.Errorf("%s: negative architecture index %d", idxNode.Path, row.Index)
	}
	archNode, err := hp.Key("arch_str")
	if err != nil {
		return row, err
	}
	arch, err := archNode.Str()
	if err != nil {
		return row, err
	}
	if row.Cell, err = nb201.Parse(arch); err != nil {
		return row, fmt.Errorf("%s: %w", archNode.Path, err)
	}
	seedsByData, err := hp.Key("dataset_seed")
	if err != nil {
		return row, err
	}
	all, err := hp.Key("all_results")
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
func natsAccuracy(seedsByData, all pickle.Node, d Dataset) (float64, error) {
	ds := d.String()
	seedsNode, err := seedsByData.Key(ds)
	if err != nil {
		return 0, err
	}
	seeds, err := seedsNode.List()
	if err != nil {
		return 0, err
	}
	if len(seeds) == 0 {
		return 0, fmt.Errorf("%s: no seeds for %s", seedsNode.Path, ds)
	}
	set := NATSTestSet(d)
	vals := make([]pickle.Number, len(seeds))
	for i, s := range seeds {
		seed, err := s.Int()
		if err != nil {
			return 0, err
		}
		res, err := all.TupleKey(ds, seed)
		if err != nil {
			return 0, err
		}
		ep, err := res.Key("epochs")
		if err != nil {
			return 0, err
		}
		epochs, err := ep.Int()
		if err != nil {
			return 0, err
		}
		if epochs < 1 {
			return 0, fmt.Errorf("%s: %d epochs, want at least 1", ep.Path, epochs)
		}
		accs, err := res.Key("eval_acc1es")
		if err != nil {
			return 0, err
		}
		a, err := accs.Key(set + "@" + strconv.Itoa(epochs-1))
		if err != nil {
			return 0, err
		}
		if vals[i], err = a.Number(); err != nil {
			return 0, err
		}
		if f := vals[i].F; math.IsNaN(f) || math.IsInf(f, 0) || f < 0 || f > 100 {
			return 0, fmt.Errorf("%s: %s accuracy %v of seed %d is not a percentage in [0, 100]", a.Path, ds, f, seed)
		}
	}
	return pickle.Mean(vals), nil
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
	if err := pickle.Check(data); err != nil {
		switch {
		case compressed:
			return nil, fmt.Errorf("read %s: decompressed data is not a valid pickle: %w", name, err)
		case data[0] == 0x80: // PROTO: a pickle of protocol 2 or later
			return nil, fmt.Errorf("read %s: not a valid pickle: %w", name, err)
		}
		return nil, fmt.Errorf("read %s: neither bzip2 data nor a valid pickle: %w", name, err)
	}
	if v, err = pickle.Decode(data); err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	return v, nil
}
