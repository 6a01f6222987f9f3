package train

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"strconv"

	"github.com/gomlx/compute/dtypes"
	"github.com/gomlx/compute/shapes"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"
	"github.com/nasred/nasred/nasred/atomicfile"
)

// CheckpointFile is the name of the checkpoint in Options.OutDir.
const CheckpointFile = "checkpoint.bin"

// checkpointMagic starts every checkpoint file. The layout is: magic (8
// bytes), header length (uint64, little endian), header (JSON), the raw
// bytes of every variable in header order, CRC-32 (IEEE) of everything
// before it (uint32, little endian).
var checkpointMagic = []byte("NASRDCK1")

// maxCheckpointHeader bounds the JSON header a checkpoint may announce.
const maxCheckpointHeader = 64 << 20

// checkpointState is the position of a run: everything besides the
// store's variables (weights, batch-norm statistics, momentum buffers,
// learning rate, drop-path probability, global step and the RNG state)
// that is needed to continue it exactly.
type checkpointState struct {
	// Recipe is Options.recipeFingerprint of the run.
	Recipe string `json:"recipe"`
	// Description is a human-readable form of what was trained.
	Description string `json:"description"`
	// Step optimizer steps are done; the next batch is Step.
	Step int `json:"step"`
	// Rows are the metrics rows written so far.
	Rows [][]string `json:"rows"`
	// Partial sums of the training metrics since the last row.
	LossSum  float64 `json:"loss_sum"`
	AccSum   float64 `json:"acc_sum"`
	AccCount int     `json:"acc_count"`
	// Seconds of training before this checkpoint.
	Seconds float64 `json:"seconds"`
}

type checkpointVar struct {
	Path      string `json:"path"`
	DType     string `json:"dtype"`
	Dims      []int  `json:"dims"`
	Trainable bool   `json:"trainable"`
}

type checkpointHeader struct {
	State checkpointState `json:"state"`
	Vars  []checkpointVar `json:"vars"`
}

func rowToStrings(r Row) []string {
	f := func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
	return []string{strconv.Itoa(r.Step), f(r.Epoch), f(r.LR), f(r.DropPath), f(r.TrainLoss), f(r.TrainAccuracy), f(r.ValAccuracy), f(r.TestAccuracy), f(r.Seconds)}
}

func rowFromStrings(s []string) (Row, error) {
	if len(s) != 9 {
		return Row{}, fmt.Errorf("metrics row has %d fields, expected 9", len(s))
	}
	var r Row
	var err error
	if r.Step, err = strconv.Atoi(s[0]); err != nil {
		return r, err
	}
	fs := []*float64{&r.Epoch, &r.LR, &r.DropPath, &r.TrainLoss, &r.TrainAccuracy, &r.ValAccuracy, &r.TestAccuracy, &r.Seconds}
	for i, p := range fs {
		if *p, err = strconv.ParseFloat(s[i+1], 64); err != nil {
			return r, err
		}
	}
	return r, nil
}

// saveCheckpoint writes the store's variables and st atomically to path.
func saveCheckpoint(path string, store *model.Store, st checkpointState) error {
	var hdr checkpointHeader
	hdr.State = st
	var payload bytes.Buffer
	for v := range store.IterVariables() {
		t, err := v.Value()
		if err != nil {
			return fmt.Errorf("checkpoint %s: variable %s: %w", path, v.Path(), err)
		}
		sh := t.Shape()
		hdr.Vars = append(hdr.Vars, checkpointVar{Path: v.Path(), DType: sh.DType.String(), Dims: append([]int{}, sh.Dimensions...), Trainable: v.Trainable})
		if err := t.ConstBytes(func(data []byte) { payload.Write(data) }); err != nil {
			return fmt.Errorf("checkpoint %s: variable %s: %w", path, v.Path(), err)
		}
	}
	js, err := json.Marshal(hdr)
	if err != nil {
		return fmt.Errorf("checkpoint %s: %w", path, err)
	}
	return atomicfile.Write(path, func(w io.Writer) error {
		crc := crc32.NewIEEE()
		mw := io.MultiWriter(w, crc)
		var n [8]byte
		binary.LittleEndian.PutUint64(n[:], uint64(len(js)))
		for _, p := range [][]byte{checkpointMagic, n[:], js, payload.Bytes()} {
			if _, err := mw.Write(p); err != nil {
				return err
			}
		}
		var c [4]byte
		binary.LittleEndian.PutUint32(c[:], crc.Sum32())
		_, err := w.Write(c[:])
		return err
	})
}

// checkpoint is a loaded checkpoint.
type checkpoint struct {
	State checkpointState
	Vars  []checkpointVar
	// Values holds one tensor per entry of Vars.
	Values []*tensors.Tensor
}

// readCheckpoint parses a checkpoint, checking magic, sizes and CRC.
func readCheckpoint(data []byte) (*checkpoint, error) {
	if len(data) < len(checkpointMagic)+8+4 || !bytes.Equal(data[:len(checkpointMagic)], checkpointMagic) {
		return nil, errors.New("not a nasred checkpoint (bad magic number or too short)")
	}
	body, sum := data[:len(data)-4], binary.LittleEndian.Uint32(data[len(data)-4:])
	if crc32.ChecksumIEEE(body) != sum {
		return nil, errors.New("checksum mismatch: the file is corrupt or truncated")
	}
	rest := body[len(checkpointMagic):]
	hlen := binary.LittleEndian.Uint64(rest[:8])
	rest = rest[8:]
	if hlen > maxCheckpointHeader || hlen > uint64(len(rest)) {
		return nil, fmt.Errorf("header length %d exceeds the file", hlen)
	}
	var hdr checkpointHeader
	if err := json.Unmarshal(rest[:hlen], &hdr); err != nil {
		return nil, fmt.Errorf("header: %w", err)
	}
	rest = rest[hlen:]
	ck := &checkpoint{State: hdr.State, Vars: hdr.Vars}
	for _, cv := range hdr.Vars {
		dt, err := dtypes.DTypeString(cv.DType)
		if err != nil {
			return nil, fmt.Errorf("variable %s: dtype %q: %w", cv.Path, cv.DType, err)
		}
		for _, d := range cv.Dims {
			if d < 0 || d > 1<<31 {
				return nil, fmt.Errorf("variable %s: dimensions %v: expected sizes in [0, 2^31]", cv.Path, cv.Dims)
			}
		}
		sh := shapes.Make(dt, cv.Dims...)
		n := int(sh.ByteSize())
		if n < 0 || n > len(rest) {
			return nil, fmt.Errorf("variable %s: %d bytes announced, %d left", cv.Path, n, len(rest))
		}
		t := tensors.FromShape(sh)
		src := rest[:n]
		if err := t.MutableBytes(func(dst []byte) { copy(dst, src) }); err != nil {
			return nil, fmt.Errorf("variable %s: %w", cv.Path, err)
		}
		rest = rest[n:]
		ck.Values = append(ck.Values, t)
	}
	if len(rest) != 0 {
		return nil, fmt.Errorf("%d bytes after the last variable", len(rest))
	}
	for i, r := range ck.State.Rows {
		if _, err := rowFromStrings(r); err != nil {
			return nil, fmt.Errorf("metrics row %d: %w", i, err)
		}
	}
	return ck, nil
}

// loadCheckpointFile reads path; it returns (nil, nil) when it does not
// exist.
func loadCheckpointFile(path string) (*checkpoint, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read checkpoint: %w", err)
	}
	ck, err := readCheckpoint(data)
	if err != nil {
		return nil, fmt.Errorf("read checkpoint %s: %w", path, err)
	}
	return ck, nil
}

// restore creates every checkpointed variable in store with its value
// and trainable flag, in the saved order, so that graphs built afterwards
// find them instead of initialising new ones.
func (ck *checkpoint) restore(store *model.Store) error {
	for i, cv := range ck.Vars {
		v := store.GetVariable(cv.Path)
		if v == nil {
			v = store.VariableWithValue(cv.Path, ck.Values[i])
		} else {
			// An existing variable (the RNG state exists from the
			// start) keeps its value in VariableWithValue: set it.
			if !v.Shape().Equal(ck.Values[i].Shape()) {
				return fmt.Errorf("restore %s: shape %s, checkpoint has %s", cv.Path, v.Shape(), ck.Values[i].Shape())
			}
			if err := v.SetValue(ck.Values[i]); err != nil {
				return fmt.Errorf("restore %s: %w", cv.Path, err)
			}
		}
		v.SetTrainable(cv.Trainable)
	}
	return nil
}

// HasCheckpoint reports whether dir holds a checkpoint file.
func HasCheckpoint(dir string) bool {
	st, err := os.Stat(filepath.Join(dir, CheckpointFile))
	return err == nil && st.Mode().IsRegular()
}
