package nb301

import (
	"archive/zip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"strings"
	"sync"

	"github.com/nasred/nasred/nasred/space/darts"
)

// Record is one NB301 training result: one JSON file of the official
// training-data zip.
type Record struct {
	// Path is the file's path inside the zip (or the name given to
	// ParseRecord).
	Path string
	// Optimizer is the folder the file sits in (see ReadZip), e.g. "rs".
	Optimizer string
	Genotype  darts.Genotype
	// ValAccuracy is info[0].val_accuracy, TestAccuracy test_accuracy
	// (percent).
	ValAccuracy, TestAccuracy float64
	// FinalMetricScore is final_metric_score: the negative validation
	// accuracy; ascending order ranks best first (the paper's set-up).
	FinalMetricScore float64
	// Runtime is the training time in seconds, Budget the epoch budget.
	Runtime, Budget float64
}

// Skipped names a zip entry that was not read and why.
type Skipped struct {
	Path, Reason string
}

type rawRecord struct {
	FinalMetricScore json.RawMessage              `json:"final_metric_score"`
	Config           map[string]json.RawMessage   `json:"optimized_hyperparamater_config"` // sic
	ConfigFixed      map[string]json.RawMessage   `json:"optimized_hyperparameter_config"`
	Budget           json.RawMessage              `json:"budget"`
	Info             []map[string]json.RawMessage `json:"info"`
	TestAccuracy     json.RawMessage              `json:"test_accuracy"`
	Runtime          json.RawMessage              `json:"runtime"`
}

// ParseRecord decodes one result file. name (the file's path) is used in
// errors and stored in Record.Path. Required keys: final_metric_score,
// info[0].val_accuracy, test_accuracy, runtime, budget (finite numbers;
// accuracies within [0, 100], runtime and budget >= 0) and
// optimized_hyperparamater_config (or the correctly spelled
// optimized_hyperparameter_config) holding the genotype keys (see
// darts.FromConfig). Python's NaN / Infinity tokens are reported with the
// key that holds them.
func ParseRecord(data []byte, name string) (Record, error) {
	r, err := parseRecord(data, name)
	if err != nil {
		return Record{}, fmt.Errorf("parse %s: %w", name, err)
	}
	return r, nil
}

func parseRecord(data []byte, name string) (Record, error) {
	var raw rawRecord
	if err := json.Unmarshal(quoteNonFinite(data), &raw); err != nil {
		return Record{}, fmt.Errorf("not a result record: %w", err)
	}
	rec := Record{Path: name}
	var err error
	if rec.FinalMetricScore, err = number(raw.FinalMetricScore, "final_metric_score"); err != nil {
		return Record{}, err
	}
	if rec.TestAccuracy, err = numberIn(raw.TestAccuracy, "test_accuracy", 0, 100); err != nil {
		return Record{}, err
	}
	if rec.Runtime, err = numberIn(raw.Runtime, "runtime", 0, 1e300); err != nil {
		return Record{}, err
	}
	if rec.Budget, err = numberIn(raw.Budget, "budget", 0, 1e300); err != nil {
		return Record{}, err
	}
	if len(raw.Info) == 0 {
		return Record{}, fmt.Errorf("missing key info[0].val_accuracy (info is missing or empty)")
	}
	if rec.ValAccuracy, err = numberIn(raw.Info[0]["val_accuracy"], "info[0].val_accuracy", 0, 100); err != nil {
		return Record{}, err
	}
	cfgRaw := raw.Config
	if cfgRaw == nil {
		cfgRaw = raw.ConfigFixed
	}
	if cfgRaw == nil {
		return Record{}, fmt.Errorf("missing key optimized_hyperparamater_config")
	}
	cfg := make(map[string]string, 22)
	for k, v := range cfgRaw {
		if !darts.IsGenotypeKey(k) {
			continue
		}
		var s string
		if err := json.Unmarshal(v, &s); err != nil {
			return Record{}, fmt.Errorf("key optimized_hyperparamater_config.%s: want a string, got %s", k, short(v))
		}
		cfg[k] = s
	}
	if rec.Genotype, err = darts.FromConfig(cfg); err != nil {
		return Record{}, fmt.Errorf("optimized_hyperparamater_config: %w", err)
	}
	if err := rec.Genotype.Validate(false); err != nil {
		return Record{}, fmt.Errorf("optimized_hyperparamater_config: %w", err)
	}
	return rec, nil
}

// MaxEntrySize bounds the uncompressed size of one result file read from
// a zip (a guard against corrupt or hostile archives); larger entries are
// skipped.
const MaxEntrySize = 64 << 20

// ReadZip reads every result record of the official NB301 training-data
// zip (nb_301_v13_lc_iclr_final.zip) by streaming its entries, without
// extracting it. Entries are decoded in parallel; records come back in
// zip order. Every file entry that does not yield a record (not .json,
// too large, corrupt, missing keys, NaN values, invalid genotype) is
// returned in the Skipped list with its reason; directories are ignored.
// The error is for the archive as a whole (cannot open, not a zip) or a
// cancelled ctx.
//
// Optimizer is the folder directly below the archive's top-level folder:
// when every .json entry has at least three path components under one
// common top folder (nb_301_v13_lc_iclr_final/rs/results_12.json), the
// second component ("rs"); otherwise the first ("rs/results_12.json");
// "" for files at the root. progress, when not nil, is called with the
// number of entries done and the total, from the calling goroutine.
func ReadZip(ctx context.Context, path string, progress func(done, total int)) ([]Record, []Skipped, error) {
	zr, err := zip.OpenReader(path)
	if err != nil {
		return nil, nil, fmt.Errorf("read %s: %w", path, err)
	}
	defer zr.Close()
	recs, skipped, err := ReadZipReader(ctx, &zr.Reader, progress)
	if err != nil {
		return nil, nil, fmt.Errorf("read %s: %w", path, err)
	}
	return recs, skipped, nil
}

// MaxZipBytes bounds the training-data zip given to the CLI (64 GiB; the
// official nb_301_v13_lc_iclr_final.zip is far smaller). A zip is read by
// random access, one entry at a time (each at most MaxEntrySize), so the
// file's size does not decide the memory used.
const MaxZipBytes = 64 << 30

// ReadZipAt is ReadZip on a zip of size bytes read from r (for example
// an opened regular file); name is used in errors.
func ReadZipAt(ctx context.Context, r io.ReaderAt, size int64, name string, progress func(done, total int)) ([]Record, []Skipped, error) {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil, nil, fmt.Errorf("read %s: %w", name, err)
	}
	recs, skipped, err := ReadZipReader(ctx, zr, progress)
	if err != nil {
		return nil, nil, fmt.Errorf("read %s: %w", name, err)
	}
	return recs, skipped, nil
}

// ReadZipReader is ReadZip on an open zip.Reader (for example one over an
// in-memory archive: zip.NewReader(bytes.NewReader(b), int64(len(b)))).
func ReadZipReader(ctx context.Context, zr *zip.Reader, progress func(done, total int)) ([]Record, []Skipped, error) {
	var es []entry
	for _, f := range zr.File {
		if f.FileInfo().IsDir() || strings.HasSuffix(f.Name, "/") {
			continue
		}
		es = append(es, entry{name: f.Name, size: f.UncompressedSize64, open: f.Open})
	}
	return readEntries(ctx, es, progress)
}

// ReadDir is ReadZip on an extracted copy of the archive: every file
// under dir, with paths relative to dir deciding the optimizer as in
// ReadZip (so dir may be the extracted nb_301_v13_lc_iclr_final folder or
// its parent).
func ReadDir(ctx context.Context, dir string, progress func(done, total int)) ([]Record, []Skipped, error) {
	var es []entry
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		es = append(es, entry{name: filepath.ToSlash(rel), size: uint64(max(info.Size(), 0)),
			open: func() (io.ReadCloser, error) { return os.Open(p) }})
		return nil
	})
	if err != nil {
		return nil, nil, fmt.Errorf("read %s: %w", dir, err)
	}
	return readEntries(ctx, es, progress)
}

// entry is one file of an archive or folder.
type entry struct {
	name string
	size uint64
	open func() (io.ReadCloser, error)
}

func readEntries(ctx context.Context, files []entry, progress func(done, total int)) ([]Record, []Skipped, error) {
	strip := commonRoot(files)
	type result struct {
		rec  Record
		skip string
		ok   bool
	}
	results := make([]result, len(files))
	jobs := make(chan int)
	done := make(chan int)
	workers := min(runtime.GOMAXPROCS(0), max(1, len(files)))
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				rec, err := readEntry(files[i])
				if err != nil {
					results[i] = result{skip: err.Error()}
				} else {
					rec.Optimizer = optimizerOf(files[i].name, strip)
					results[i] = result{rec: rec, ok: true}
				}
				done <- i
			}
		}()
	}
	go func() {
		defer close(jobs)
		for i := range files {
			select {
			case jobs <- i:
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() { wg.Wait(); close(done) }()
	n := 0
	for range done {
		n++
		if progress != nil {
			progress(n, len(files))
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	var recs []Record
	var skipped []Skipped
	for i, r := range results {
		if r.ok {
			recs = append(recs, r.rec)
		} else {
			skipped = append(skipped, Skipped{Path: files[i].name, Reason: r.skip})
		}
	}
	return recs, skipped, nil
}

func readEntry(f entry) (Record, error) {
	switch {
	case strings.HasPrefix(f.name, "__MACOSX/"):
		return Record{}, fmt.Errorf("macOS resource fork, not a result file")
	case !strings.HasSuffix(strings.ToLower(f.name), ".json"):
		return Record{}, fmt.Errorf("not a .json file")
	case f.size > MaxEntrySize:
		return Record{}, fmt.Errorf("entry is %d bytes, more than the %d allowed", f.size, MaxEntrySize)
	}
	rc, err := f.open()
	if err != nil {
		return Record{}, fmt.Errorf("open entry: %w", err)
	}
	defer rc.Close()
	data, err := io.ReadAll(io.LimitReader(rc, MaxEntrySize+1))
	if err != nil {
		return Record{}, fmt.Errorf("read entry: %w", err)
	}
	if len(data) > MaxEntrySize {
		return Record{}, fmt.Errorf("entry is larger than the %d bytes allowed", MaxEntrySize)
	}
	return parseRecord(data, f.name)
}

// commonRoot reports whether all .json entries (outside __MACOSX) sit at
// least two folders deep under one common top-level folder.
func commonRoot(files []entry) bool {
	root := ""
	n := 0
	for _, f := range files {
		if strings.HasPrefix(f.name, "__MACOSX/") || !strings.HasSuffix(strings.ToLower(f.name), ".json") {
			continue
		}
		parts := strings.Split(path.Clean(f.name), "/")
		if len(parts) < 3 {
			return false
		}
		if n == 0 {
			root = parts[0]
		} else if parts[0] != root {
			return false
		}
		n++
	}
	return n > 0
}

func optimizerOf(name string, strip bool) string {
	parts := strings.Split(path.Clean(name), "/")
	if strip {
		parts = parts[1:]
	}
	if len(parts) < 2 {
		return ""
	}
	return parts[0]
}
