package nb301

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"sort"
	"strconv"

	"github.com/nasred/nasred/internal/input"
	"github.com/nasred/nasred/nasred/space/darts"
)

// Size limits of NASLib files (NASRED_MAX_INPUT_BYTES replaces them).
const (
	// MaxNASLibArchsBytes bounds NASLib archs JSON, decoded as a token
	// stream: 256 MiB, where naslib_archs_nasbench301.json has 1.6 MB.
	MaxNASLibArchsBytes = 256 << 20
	// MaxNASLibLabelledBytes bounds NASLib labelled JSON, decoded whole:
	// 64 MiB, where naslib_zc_nasbench301.json has 0.8 MB.
	MaxNASLibLabelledBytes = 64 << 20
)

// ReadNASLibArchs reads NASLib's naslib_archs_nasbench301.json: a JSON
// object mapping "0".."n-1" to genotypes in compact tuple form. The
// genotypes come back in index order. The file is read as a stream of at
// most MaxNASLibArchsBytes.
func ReadNASLibArchs(path string) ([]darts.Genotype, error) {
	f, err := input.Open(context.Background(), path, input.Limit{What: "a NASLib archs JSON file", Bytes: MaxNASLibArchsBytes})
	if err != nil {
		return nil, fmt.Errorf("read NASLib archs: %w", err)
	}
	defer f.Close()
	return DecodeNASLibArchs(f, path)
}

// ParseNASLibArchs is ReadNASLibArchs on the file's content; name is used
// in errors. Every index 0..n-1 must appear exactly once and every
// genotype must be valid (no none).
func ParseNASLibArchs(data []byte, name string) ([]darts.Genotype, error) {
	return DecodeNASLibArchs(bytes.NewReader(data), name)
}

// DecodeNASLibArchs is ParseNASLibArchs on a stream, decoded token by
// token (one genotype in memory at a time besides the result).
func DecodeNASLibArchs(r io.Reader, name string) ([]darts.Genotype, error) {
	dec := json.NewDecoder(r)
	if err := expectDelim(dec, '{'); err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	seen := map[int]darts.Genotype{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", name, err)
		}
		key := tok.(string) // object keys are always strings
		idx, err := strconv.Atoi(key)
		if err != nil || idx < 0 {
			return nil, fmt.Errorf("read %s: key %q is not an index (a non-negative integer)", name, key)
		}
		if _, dup := seen[idx]; dup {
			return nil, fmt.Errorf("read %s: index %d appears twice", name, idx)
		}
		var s string
		if err := dec.Decode(&s); err != nil {
			return nil, fmt.Errorf("read %s: genotype %d: want a string: %w", name, idx, err)
		}
		g, err := darts.ParseCompact(s)
		if err == nil {
			err = g.Validate(false)
		}
		if err != nil {
			return nil, fmt.Errorf("read %s: genotype %d: %w", name, idx, err)
		}
		seen[idx] = g
	}
	if err := expectDelim(dec, '}'); err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	if err := expectEOF(dec); err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	out := make([]darts.Genotype, len(seen))
	for idx, g := range seen {
		if idx >= len(out) {
			return nil, fmt.Errorf("read %s: index %d but only %d genotypes: indices must be 0..%d", name, idx, len(seen), len(seen)-1)
		}
		out[idx] = g
	}
	return out, nil
}

func expectDelim(dec *json.Decoder, d json.Delim) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	if tok != d {
		return fmt.Errorf("want '%v', got %v", d, tok)
	}
	return nil
}

func expectEOF(dec *json.Decoder) error {
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return fmt.Errorf("data after the JSON object")
	}
	return nil
}

// Labelled is one genotype of NASLib's naslib_zc_nasbench301.json: its
// validation accuracy (percent; most likely an NB301 surrogate prediction,
// see the data README) and zero-cost proxy scores.
type Labelled struct {
	// Index is the file's idx field.
	Index       int
	Genotype    darts.Genotype
	ValAccuracy float64
	// Proxies maps a proxy name (synflow, snip, grasp, fisher, jacov,
	// nwot, epe_nas, grad_norm, l2_norm, plain, flops, params) to its
	// score; ProxyTimes to the seconds it took.
	Proxies, ProxyTimes map[string]float64
}

// ReadNASLibLabelled reads NASLib's naslib_zc_nasbench301.json (the
// "cifar10" entries), sorted by Index. The file may have at most
// MaxNASLibLabelledBytes.
func ReadNASLibLabelled(path string) ([]Labelled, error) {
	data, err := input.ReadFile(context.Background(), path, input.Limit{What: "a NASLib labelled JSON file", Bytes: MaxNASLibLabelledBytes})
	if err != nil {
		return nil, fmt.Errorf("read NASLib labelled genotypes: %w", err)
	}
	return ParseNASLibLabelled(data, path)
}

// ParseNASLibLabelled is ReadNASLibLabelled on the file's content; name is
// used in errors. Each entry needs idx (unique), arch (a compact genotype
// equal to the entry's key), a finite val_accuracy in [0, 100], and every
// proxy as {"score": x, "time": t} with finite numbers; all entries must
// have the same proxies. NaN or missing values are errors naming the entry
// and key.
func ParseNASLibLabelled(data []byte, name string) ([]Labelled, error) {
	var top map[string]map[string]map[string]json.RawMessage
	if err := json.Unmarshal(quoteNonFinite(data), &top); err != nil {
		return nil, fmt.Errorf("read %s: want {\"cifar10\": {arch: {...}}}: %w", name, err)
	}
	entries, ok := top["cifar10"]
	if !ok {
		return nil, fmt.Errorf("read %s: missing key cifar10", name)
	}
	out := make([]Labelled, 0, len(entries))
	seen := map[int]string{}
	for key, e := range entries {
		l, err := parseLabelled(key, e)
		if err != nil {
			return nil, fmt.Errorf("read %s: entry %s: %w", name, key, err)
		}
		if prev, dup := seen[l.Index]; dup {
			return nil, fmt.Errorf("read %s: idx %d used by %s and %s", name, l.Index, prev, key)
		}
		seen[l.Index] = key
		out = append(out, l)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Index < out[j].Index })
	if len(out) > 0 {
		want := proxyNames(out[0].Proxies)
		for _, l := range out[1:] {
			if got := proxyNames(l.Proxies); !slices.Equal(got, want) {
				return nil, fmt.Errorf("read %s: idx %d has proxies %v, idx %d has %v", name, l.Index, got, out[0].Index, want)
			}
		}
	}
	return out, nil
}

func proxyNames(m map[string]float64) []string {
	names := make([]string, 0, len(m))
	for k := range m {
		names = append(names, k)
	}
	sort.Strings(names)
	return names
}

func parseLabelled(key string, e map[string]json.RawMessage) (Labelled, error) {
	var l Labelled
	idxRaw, ok := e["idx"]
	if !ok {
		return l, fmt.Errorf("missing key idx")
	}
	var idxStr string
	if json.Unmarshal(idxRaw, &idxStr) == nil {
		n, err := strconv.Atoi(idxStr)
		if err != nil || n < 0 {
			return l, fmt.Errorf("key idx = %q is not a non-negative integer", idxStr)
		}
		l.Index = n
	} else {
		f, err := number(idxRaw, "idx")
		if err != nil {
			return l, err
		}
		if f < 0 || f != math.Trunc(f) || f > 1<<31 {
			return l, fmt.Errorf("key idx = %v is not a non-negative integer", f)
		}
		l.Index = int(f)
	}
	archRaw, ok := e["arch"]
	if !ok {
		return l, fmt.Errorf("idx %d: missing key arch", l.Index)
	}
	var arch string
	if err := json.Unmarshal(archRaw, &arch); err != nil {
		return l, fmt.Errorf("idx %d: key arch: want a string", l.Index)
	}
	g, err := darts.ParseCompact(arch)
	if err == nil {
		err = g.Validate(false)
	}
	if err != nil {
		return l, fmt.Errorf("idx %d: key arch: %w", l.Index, err)
	}
	if kg, err := darts.ParseCompact(key); err != nil || kg != g {
		return l, fmt.Errorf("idx %d: key and arch %q name different genotypes", l.Index, arch)
	}
	l.Genotype = g
	if l.ValAccuracy, err = numberIn(e["val_accuracy"], "val_accuracy", 0, 100); err != nil {
		return l, fmt.Errorf("idx %d: %w", l.Index, err)
	}
	l.Proxies = map[string]float64{}
	l.ProxyTimes = map[string]float64{}
	for k, v := range e {
		if k == "idx" || k == "arch" || k == "val_accuracy" {
			continue
		}
		var p map[string]json.RawMessage
		if err := json.Unmarshal(v, &p); err != nil {
			continue // not a proxy object: some other field
		}
		if l.Proxies[k], err = number(p["score"], k+".score"); err != nil {
			return l, fmt.Errorf("idx %d: %w", l.Index, err)
		}
		if l.ProxyTimes[k], err = number(p["time"], k+".time"); err != nil {
			return l, fmt.Errorf("idx %d: %w", l.Index, err)
		}
	}
	return l, nil
}
