package nb201

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"unsafe"

	"github.com/nasred/nasred/internal/input"
	"github.com/nasred/nasred/nasred/space/nb201"
)

// NB201CSVHeader is the header of the NB201 CSV export that ReadNB201CSV
// reads: row i (after the header) is NATS-Bench topology index i.
var NB201CSVHeader = []string{
	"CIFAR10TestAccuracy200Epochs",
	"CIFAR100TestAccuracy200Epochs",
	"ImageNetTestAccuracy200Epochs",
	"ArchitectureString",
	"UniqueString",
}

// NB201CSVPath is where the CSV export lives inside the data folder.
const NB201CSVPath = "nb201/nats_bench_tss_200ep.csv"

// NB201NATSPath is where the official NATS-Bench topology files live inside
// the data folder.
const NB201NATSPath = "nb201/NATS-tss-v1_0-3ffb9-simple"

// ReadNB201CSV reads the NB201 CSV export (see NB201CSVHeader). name is used
// in error messages. Row i of the data is architecture index i.
func ReadNB201CSV(r io.Reader, name string) (*NB201, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	return parseNB201CSV(string(data), name)
}

// parseNB201CSV parses the whole file. Files without quotes (the export)
// take a fast path that splits lines itself and parses chunks of rows on
// all cores; anything else goes through encoding/csv.
func parseNB201CSV(text, name string) (*NB201, error) {
	if strings.IndexByte(text, '"') >= 0 {
		return parseNB201CSVGeneral(text, name)
	}
	text = strings.TrimPrefix(text, "\ufeff")
	if strings.TrimSpace(text) == "" {
		return nil, fmt.Errorf("read %s: empty file, want the header %s", name, strings.Join(NB201CSVHeader, ","))
	}
	head, body, _ := strings.Cut(text, "\n")
	if err := checkNB201Header(strings.Split(strings.TrimSuffix(head, "\r"), ","), name); err != nil {
		return nil, err
	}
	// Split the body into lines (a trailing newline ends the last one).
	lines := make([]string, 0, nb201.NumCells)
	for len(body) > 0 {
		line, rest, _ := strings.Cut(body, "\n")
		lines = append(lines, strings.TrimSuffix(line, "\r"))
		body = rest
	}
	for len(lines) > 0 && lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	if len(lines) == 0 {
		return nil, fmt.Errorf("read %s: no rows after the header", name)
	}
	rows := make([]NB201Row, len(lines))
	workers := min(runtime.GOMAXPROCS(0), (len(lines)+2047)/2048)
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := range workers {
		lo, hi := w*len(lines)/workers, (w+1)*len(lines)/workers
		wg.Add(1)
		go func() {
			defer wg.Done()
			var fields [5]string
			for i := lo; i < hi; i++ {
				if err := splitFields(lines[i], fields[:]); err != nil {
					errs[w] = fmt.Errorf("read %s: line %d: %w", name, i+2, err)
					return
				}
				if err := parseNB201Record(fields[:], i, i+2, &rows[i]); err != nil {
					errs[w] = fmt.Errorf("read %s: %w", name, err)
					return
				}
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	copyUnique(rows)
	t, err := NewNB201(rows)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	return t, nil
}

// copyUnique moves the rows' Unique strings, which point into the text
// being parsed, into one allocation of their own.
func copyUnique(rows []NB201Row) {
	n := 0
	for i := range rows {
		n += len(rows[i].Unique)
	}
	arena := make([]byte, 0, n)
	for i := range rows {
		start := len(arena)
		arena = append(arena, rows[i].Unique...)
		if len(arena) > start {
			rows[i].Unique = unsafe.String(&arena[start], len(arena)-start) // arena is not written again
		}
	}
}

// splitFields splits an unquoted CSV line into exactly len(dst) fields.
func splitFields(line string, dst []string) error {
	for i := range dst {
		if i == len(dst)-1 {
			if strings.IndexByte(line, ',') >= 0 {
				return fmt.Errorf("wrong number of fields: more than %d", len(dst))
			}
			dst[i] = line
			return nil
		}
		j := strings.IndexByte(line, ',')
		if j < 0 {
			return fmt.Errorf("wrong number of fields: %d, want %d", i+1, len(dst))
		}
		dst[i], line = line[:j], line[j+1:]
	}
	return nil
}

func checkNB201Header(head []string, name string) error {
	if len(head) != len(NB201CSVHeader) {
		return fmt.Errorf("read %s: header has %d columns, want %d: %s", name, len(head), len(NB201CSVHeader), strings.Join(NB201CSVHeader, ","))
	}
	for i, h := range NB201CSVHeader {
		if strings.TrimPrefix(head[i], "\ufeff") != h {
			return fmt.Errorf("read %s: header column %d is %q, want %q (header %s)", name, i+1, head[i], h, strings.Join(NB201CSVHeader, ","))
		}
	}
	return nil
}

// parseNB201Record fills row from the five fields of data row i, found on
// line line of the file.
func parseNB201Record(rec []string, i, line int, row *NB201Row) error {
	row.Index = i
	for d := range numDatasets {
		a, err := strconv.ParseFloat(strings.TrimSpace(rec[d]), 64)
		if err != nil {
			return fmt.Errorf("line %d: column %s: %q is not a number", line, NB201CSVHeader[d], rec[d])
		}
		row.Accuracy[d] = a
	}
	c, err := nb201.Parse(rec[3])
	if err != nil {
		return fmt.Errorf("line %d: %w", line, err)
	}
	row.Cell = c
	row.Unique = rec[4]
	return nil
}

// parseNB201CSVGeneral reads quoted or otherwise unusual CSV with
// encoding/csv.
func parseNB201CSVGeneral(text, name string) (*NB201, error) {
	cr := csv.NewReader(strings.NewReader(text))
	cr.FieldsPerRecord = len(NB201CSVHeader)
	head, err := cr.Read()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("read %s: empty file, want the header %s", name, strings.Join(NB201CSVHeader, ","))
		}
		return nil, fmt.Errorf("read %s: header: %w", name, err)
	}
	if err := checkNB201Header(head, name); err != nil {
		return nil, err
	}
	var rows []NB201Row
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", name, err)
		}
		line, _ := cr.FieldPos(0)
		var row NB201Row
		if err := parseNB201Record(rec, len(rows), line, &row); err != nil {
			return nil, fmt.Errorf("read %s: %w", name, err)
		}
		rows = append(rows, row)
	}
	if len(rows) == 0 {
		return nil, fmt.Errorf("read %s: no rows after the header", name)
	}
	t, err := NewNB201(rows)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	return t, nil
}

// MaxCSVBytes bounds the NB201 CSV export read by LoadNB201CSV: 256 MiB,
// where nats_bench_tss_200ep.csv has 3 MB; NASRED_MAX_INPUT_BYTES
// replaces it.
const MaxCSVBytes = 256 << 20

func csvLimit() input.Limit { return input.Limit{What: "the NB201 CSV table", Bytes: MaxCSVBytes} }

// LoadNB201CSV reads the NB201 CSV export at path (at most MaxCSVBytes;
// a regular file is memory-mapped, a pipe or FIFO read).
func LoadNB201CSV(path string) (*NB201, error) {
	data, unmap, err := mapFile(path)
	if err != nil {
		return nil, fmt.Errorf("open NB201 table: %w (want the CSV export of the NATS-Bench topology table)", err)
	}
	defer unmap()
	if len(data) == 0 {
		return parseNB201CSV("", path)
	}
	// The table keeps no reference to data: parseNB201CSV copies the
	// strings it keeps (the UniqueString column) into memory of its own.
	return parseNB201CSV(unsafe.String(&data[0], len(data)), path)
}

// LoadDir reads the NB201 data of the benchmark data folder dir: the CSV
// export (NB201CSVPath) when present, else the official NATS-Bench
// topology files (NB201NATSPath). It returns the table and the path it was
// read from. When dir holds neither, the error wraps fs.ErrNotExist.
func LoadDir(dir string) (*NB201, string, error) {
	csvPath := filepath.Join(dir, NB201CSVPath)
	if _, err := os.Stat(csvPath); err == nil {
		t, err := LoadNB201CSV(csvPath)
		return t, csvPath, err
	}
	natsPath := filepath.Join(dir, NB201NATSPath)
	if st, err := os.Stat(natsPath); err == nil && st.IsDir() {
		t, err := LoadNATSTopology(natsPath)
		return t, natsPath, err
	}
	return nil, "", fmt.Errorf("no NB201 data in %s: want %s or %s/: %w", dir, NB201CSVPath, NB201NATSPath, fs.ErrNotExist)
}
