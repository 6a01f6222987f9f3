package analysis

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"

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

// ReadNB301Archs reads genotypes from path, detecting the format by
// content: the official NB301 training-data zip (by its magic bytes), a
// NASLib JSON file (naslib_archs_nasbench301.json or
// naslib_zc_nasbench301.json), or a text file with one genotype per line
// in any form darts.ParseGenotype accepts (blank lines and lines starting
// with '#' are ignored). progress, if not nil, reports zip entries read.
func ReadNB301Archs(ctx context.Context, path string, progress func(done, total int)) (*NB301Archs, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read architectures: %w", err)
	}
	head := make([]byte, 4)
	n, _ := f.Read(head)
	f.Close()
	a := &NB301Archs{Path: path}
	if n == 4 && bytes.Equal(head, []byte("PK\x03\x04")) {
		recs, skipped, err := nb301.ReadZip(ctx, path, progress)
		if err != nil {
			return nil, fmt.Errorf("read architectures: %w", err)
		}
		a.Format = FormatZip
		for i, r := range recs {
			a.Genotypes = append(a.Genotypes, r.Genotype)
			a.Index = append(a.Index, i)
			a.ValErrors = append(a.ValErrors, 1-r.ValAccuracy/100)
		}
		for _, s := range skipped {
			a.Skipped = append(a.Skipped, s.Path+": "+s.Reason)
		}
		if len(a.Genotypes) == 0 {
			return nil, fmt.Errorf("read architectures %s: the zip holds no readable NB301 record (%d skipped)", path, len(skipped))
		}
		return a, nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read architectures: %w", err)
	}
	if err := a.parse(data); err != nil {
		return nil, err
	}
	return a, nil
}

// ParseNB301Archs is ReadNB301Archs on the content of a JSON or text file
// (not a zip); name is used in errors and as Path.
func ParseNB301Archs(data []byte, name string) (*NB301Archs, error) {
	a := &NB301Archs{Path: name}
	if err := a.parse(data); err != nil {
		return nil, err
	}
	return a, nil
}

func (a *NB301Archs) parse(data []byte) error {
	t := bytes.TrimSpace(data)
	if len(t) > 0 && t[0] == '{' && json.Valid(t) {
		gs, errArchs := nb301.ParseNASLibArchs(data, a.Path)
		if errArchs == nil {
			a.Format, a.Genotypes = FormatArchs, gs
			a.Index = make([]int, len(gs))
			for i := range gs {
				a.Index[i] = i
			}
			if len(gs) == 0 {
				return fmt.Errorf("read architectures %s: no genotypes", a.Path)
			}
			return nil
		}
		ls, errLab := nb301.ParseNASLibLabelled(data, a.Path)
		if errLab == nil {
			a.Format = FormatLabelled
			for _, l := range ls {
				a.Genotypes = append(a.Genotypes, l.Genotype)
				a.Index = append(a.Index, l.Index)
				a.ValErrors = append(a.ValErrors, 1-l.ValAccuracy/100)
			}
			if len(ls) == 0 {
				return fmt.Errorf("read architectures %s: no genotypes", a.Path)
			}
			return nil
		}
		if bytes.Count(t, []byte("\n")) == 0 {
			// One JSON object: a single genotype in configuration form is
			// a valid text file too; otherwise report both readers.
			if _, err := darts.ParseConfigJSON(t); err != nil {
				return fmt.Errorf("read architectures %s: neither NASLib archs JSON (%v) nor NASLib labelled JSON (%v)", a.Path, errArchs, errLab)
			}
		}
	}
	a.Format = FormatText
	sc := bufio.NewScanner(bytes.NewReader(data))
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
