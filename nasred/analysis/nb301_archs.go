package analysis

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/nasred/nasred/internal/input"
	"github.com/nasred/nasred/nasred/bench/nb301"
	"github.com/nasred/nasred/nasred/space/darts"
)

// Formats of an NB301 architecture file, as detected by ReadNB301Archs.
const (
	FormatZip      = "NB301 training-data zip"
	FormatArchs    = "NASLib archs JSON"
	FormatLabelled = "NASLib labelled JSON"
	FormatText     = "genotype text (one per line)"
)

// NB301Archs is a list of DARTS genotypes read from a file, with their
// indices and, when the file has them, their validation errors.
type NB301Archs struct {
	// Path is the file read and Format its detected format (one of the
	// Format constants).
	Path, Format string
	Genotypes    []darts.Genotype
	// Index[i] identifies Genotypes[i] in the file: the NASLib index for
	// NASLib JSON files (the key of naslib_archs_nasbench301.json, the idx
	// field of naslib_zc_nasbench301.json), otherwise the 0-based position
	// (zip: among the records read, in ReadZip's order; text: among the
	// genotype lines).
	Index []int
	// ValErrors are validation errors (1 − accuracy/100) from the file:
	// the official zip's info[0].val_accuracy or the labelled JSON's
	// val_accuracy; nil for files without labels.
	ValErrors []float64
	// Skipped lists zip entries that could not be read ("path: reason").
	Skipped []string
}

// MaxNB301TextBytes bounds a text file of genotypes (one per line, read
// line by line): 256 MiB. The other formats' limits are
// nb301.MaxZipBytes, nb301.MaxNASLibArchsBytes and
// nb301.MaxNASLibLabelledBytes; NASRED_MAX_INPUT_BYTES replaces them all.
const MaxNB301TextBytes = 256 << 20

// ReadNB301Archs reads genotypes from path ("-": standard input),
// detecting the format by peeking at its start, so pipes and FIFOs work:
// the official NB301 training-data zip (by its magic bytes; it must be a
// regular file), a NASLib JSON file (naslib_archs_nasbench301.json, whose
// first key is an index, or naslib_zc_nasbench301.json, whose first key
// is a data set such as cifar10), or a text file with one genotype per
// line in any form darts.ParseGenotype accepts (blank lines and lines
// starting with '#' are ignored). Each format has its size limit (see
// MaxNB301TextBytes). progress, if not nil, reports zip entries read. A
// cancelled ctx ends a wait for a FIFO's writer.
func ReadNB301Archs(ctx context.Context, path string, progress func(done, total int)) (*NB301Archs, error) {
	f, err := input.Open(ctx, path, input.Limit{What: "an NB301 training-data zip (--archs)", Bytes: nb301.MaxZipBytes})
	if err != nil {
		return nil, fmt.Errorf("read architectures: %w", err)
	}
	defer f.Close()
	a := &NB301Archs{Path: path}
	head, _ := f.Peek(4096)
	a.Format = sniffNB301Archs(head)
	if a.Format == FormatZip {
		return a, a.readZip(ctx, f, progress)
	}
	lim := map[string]input.Limit{
		FormatArchs:    {What: "a NASLib archs JSON file (--archs)", Bytes: nb301.MaxNASLibArchsBytes},
		FormatLabelled: {What: "a NASLib labelled JSON file (--archs)", Bytes: nb301.MaxNASLibLabelledBytes},
		FormatText:     {What: "a genotype text file (--archs)", Bytes: MaxNB301TextBytes},
	}[a.Format]
	if err := f.SetLimit(lim); err != nil {
		return nil, fmt.Errorf("read architectures: %w", err)
	}
	if err := a.read(f); err != nil {
		return nil, err
	}
	return a, nil
}

func (a *NB301Archs) readZip(ctx context.Context, f *input.File, progress func(done, total int)) error {
	r, size, err := f.RandomAccess("the NB301 training-data zip")
	if err != nil {
		return fmt.Errorf("read architectures: %w", err)
	}
	recs, skipped, err := nb301.ReadZipAt(ctx, r, size, a.Path, progress)
	if err != nil {
		return fmt.Errorf("read architectures: %w", err)
	}
	for i, r := range recs {
		a.Genotypes = append(a.Genotypes, r.Genotype)
		a.Index = append(a.Index, i)
		a.ValErrors = append(a.ValErrors, 1-r.ValAccuracy/100)
	}
	for _, s := range skipped {
		a.Skipped = append(a.Skipped, s.Path+": "+s.Reason)
	}
	if len(a.Genotypes) == 0 {
		return fmt.Errorf("read architectures %s: the zip holds no readable NB301 record (%d skipped)", a.Path, len(skipped))
	}
	return nil
}

// sniffNB301Archs detects the format of an architecture file from its
// first bytes: the zip magic; a JSON object whose first key is an index
// (NASLib archs) or not a DARTS configuration key (NASLib labelled, keyed
// by data set); anything else is text.
func sniffNB301Archs(head []byte) string {
	if bytes.HasPrefix(head, []byte("PK\x03\x04")) {
		return FormatZip
	}
	t := bytes.TrimLeft(head, " \t\r\n")
	if len(t) == 0 || t[0] != '{' {
		return FormatText
	}
	dec := json.NewDecoder(bytes.NewReader(t))
	dec.Token() // '{'
	tok, err := dec.Token()
	key, ok := tok.(string)
	switch {
	case err != nil || !ok:
		return FormatText // not a NASLib file: the text reader says why
	case key != "" && strings.Trim(key, "0123456789") == "":
		return FormatArchs
	case darts.IsGenotypeKey(key) || strings.Contains(key, ":"):
		return FormatText // a genotype's configuration JSON on a line
	}
	return FormatLabelled
}

// ParseNB301Archs is ReadNB301Archs on the content of a JSON or text file
// (not a zip); name is used in errors and as Path.
func ParseNB301Archs(data []byte, name string) (*NB301Archs, error) {
	a := &NB301Archs{Path: name, Format: sniffNB301Archs(data)}
	if a.Format == FormatZip {
		return nil, fmt.Errorf("read architectures %s: a zip, expected JSON or text (ReadNB301Archs reads zips)", name)
	}
	if err := a.read(bytes.NewReader(data)); err != nil {
		return nil, err
	}
	return a, nil
}

// read reads a file of a.Format other than zip as a stream.
func (a *NB301Archs) read(r io.Reader) error {
	switch a.Format {
	case FormatArchs:
		gs, err := nb301.DecodeNASLibArchs(r, a.Path)
		if err != nil {
			return fmt.Errorf("read architectures (NASLib archs JSON, by its first key): %w", err)
		}
		a.Genotypes = gs
		a.Index = make([]int, len(gs))
		for i := range gs {
			a.Index[i] = i
		}
	case FormatLabelled:
		data, err := input.ReadAll(r)
		if err != nil {
			return fmt.Errorf("read architectures: %w", err)
		}
		ls, err := nb301.ParseNASLibLabelled(data, a.Path)
		if err != nil {
			return fmt.Errorf("read architectures (NASLib labelled JSON, by its first key): %w", err)
		}
		for _, l := range ls {
			a.Genotypes = append(a.Genotypes, l.Genotype)
			a.Index = append(a.Index, l.Index)
			a.ValErrors = append(a.ValErrors, 1-l.ValAccuracy/100)
		}
	default:
		return a.readText(r)
	}
	if len(a.Genotypes) == 0 {
		return fmt.Errorf("read architectures %s: no genotypes", a.Path)
	}
	return nil
}

func (a *NB301Archs) readText(r io.Reader) error {
	a.Format = FormatText
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 4096), 1<<20)
	line := 0
	for sc.Scan() {
		line++
		s := strings.TrimSpace(sc.Text())
		if s == "" || strings.HasPrefix(s, "#") {
			continue
		}
		g, err := darts.ParseGenotype(s)
		if err != nil {
			return fmt.Errorf("read architectures %s line %d (want one genotype per line, or a NASLib JSON file, or the NB301 zip): %w", a.Path, line, err)
		}
		a.Index = append(a.Index, len(a.Genotypes))
		a.Genotypes = append(a.Genotypes, g)
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("read architectures %s line %d: %w", a.Path, line+1, err)
	}
	if len(a.Genotypes) == 0 {
		return fmt.Errorf("read architectures %s: no genotypes (want one genotype per line, a NASLib JSON file or the NB301 zip)", a.Path)
	}
	return nil
}
