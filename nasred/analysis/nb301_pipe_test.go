package analysis

import (
	"context"
	"os"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/nasred/nasred/nasred/datadir/datatest"
)

// TestReadNB301ArchsPipe reads the NASLib files through a pipe (as
// /dev/stdin or <(cat FILE) present them): the same genotypes, indices
// and errors as from the file itself.
func TestReadNB301ArchsPipe(t *testing.T) {
	ctx := context.Background()
	for _, rel := range []string{"nb301/naslib_archs_nasbench301.json", "nb301/naslib_zc_nasbench301.json"} {
		path := datatest.Path(t, rel)
		want, err := ReadNB301Archs(ctx, path, nil)
		if err != nil {
			t.Fatal(err)
		}
		data := datatest.Read(t, rel)
		r, w, err := os.Pipe()
		if err != nil {
			t.Fatal(err)
		}
		go func() { w.Write(data); w.Close() }()
		pipe := "/proc/self/fd/" + strconv.Itoa(int(r.Fd()))
		got, err := ReadNB301Archs(ctx, pipe, nil)
		r.Close()
		if err != nil {
			t.Fatalf("%s through a pipe: %v", rel, err)
		}
		if got.Format != want.Format || !reflect.DeepEqual(got.Genotypes, want.Genotypes) ||
			!reflect.DeepEqual(got.Index, want.Index) || !reflect.DeepEqual(got.ValErrors, want.ValErrors) {
			t.Errorf("%s: through a pipe %s with %d genotypes, from the file %s with %d", rel, got.Format, len(got.Genotypes), want.Format, len(want.Genotypes))
		}
	}
}

// TestReadNB301ArchsZipPipe: a zip needs random access, so through a pipe
// it gets an error that says so.
func TestReadNB301ArchsZipPipe(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	go func() { w.Write([]byte("PK\x03\x04 a zip")); w.Close() }()
	_, err = ReadNB301Archs(context.Background(), "/proc/self/fd/"+strconv.Itoa(int(r.Fd())), nil)
	if err == nil || !strings.Contains(err.Error(), "must be a regular file") {
		t.Errorf("zip through a pipe: %v, want an error asking for a regular file", err)
	}
}
