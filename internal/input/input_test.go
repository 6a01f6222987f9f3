package input

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestParseFormatSize(t *testing.T) {
	for _, c := range []struct {
		in   string
		want int64
	}{{"1", 1}, {"1048576", MiB}, {"512MiB", 512 * MiB}, {"2GiB", 2 * GiB}, {"64M", 64 * MiB}, {"1 G", GiB}, {"3K", 3 * KiB}, {"10B", 10}} {
		got, err := ParseSize(c.in)
		if err != nil || got != c.want {
			t.Errorf("ParseSize(%q) = %d, %v; want %d", c.in, got, err, c.want)
		}
	}
	for _, bad := range []string{"", "0", "-1", "x", "1.5G", "9999999999999T"} {
		if _, err := ParseSize(bad); err == nil {
			t.Errorf("ParseSize(%q): no error", bad)
		}
	}
	for _, c := range []struct {
		n    int64
		want string
	}{{300, "300 bytes"}, {64 * MiB, "64 MiB"}, {GiB + GiB/2, "1.5 GiB"}, {4 * KiB, "4 KiB"}, {2 * GiB, "2 GiB"}} {
		if got := FormatSize(c.n); got != c.want {
			t.Errorf("FormatSize(%d) = %q, want %q", c.n, got, c.want)
		}
	}
}

func FuzzParseSize(f *testing.F) {
	for _, s := range []string{"1", "2GiB", "64M", "", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := ParseSize(s)
		if err == nil && n <= 0 {
			t.Fatalf("ParseSize(%q) = %d without error", s, n)
		}
	})
}

func writeFile(t *testing.T, data string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "f")
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestRegularFile(t *testing.T) {
	ctx := context.Background()
	p := writeFile(t, "hello world")
	f, err := Open(ctx, p, Limit{"a test file", 100})
	if err != nil {
		t.Fatal(err)
	}
	head, _ := f.Peek(5)
	if string(head) != "hello" {
		t.Errorf("Peek = %q", head)
	}
	if _, _, ok := f.ReaderAt(); !ok {
		t.Error("ReaderAt of a regular file: not ok")
	}
	all, err := f.ReadAll()
	if err != nil || string(all) != "hello world" {
		t.Errorf("ReadAll = %q, %v", all, err)
	}
	f.Close()

	// Over the limit: refused before reading, naming file, limit, variable.
	_, err = Open(ctx, p, Limit{"a test file", 5})
	var tl *TooLargeError
	if !errors.As(err, &tl) || tl.Size != 11 {
		t.Fatalf("Open over the limit: %v", err)
	}
	for _, want := range []string{p, "5 bytes", "a test file", EnvMaxBytes} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
	// The context override wins.
	if _, err := Open(WithMaxBytes(ctx, 11), p, Limit{"a test file", 5}); err != nil {
		t.Errorf("Open with WithMaxBytes(11): %v", err)
	}
	// SetLimit narrows after sniffing.
	f, _ = Open(ctx, p, Limit{"x", 100})
	if err := f.SetLimit(Limit{"y", 4}); !errors.As(err, &tl) {
		t.Errorf("SetLimit(4) on 11 bytes: %v", err)
	}
	f.Close()
	if _, err := Open(ctx, t.TempDir(), Limit{"x", 100}); err == nil || !strings.Contains(err.Error(), "folder") {
		t.Errorf("Open(folder): %v", err)
	}
}

func TestStreamLimit(t *testing.T) {
	for _, n := range []int{0, 1, 99, 100, 101, 200000} {
		x := FromReader(context.Background(), bytes.NewReader(make([]byte, n)), "stream", Limit{"a stream", 100})
		got, err := io.ReadAll(x)
		var tl *TooLargeError
		if n <= 100 && (err != nil || len(got) != n) {
			t.Errorf("%d bytes: read %d, %v", n, len(got), err)
		}
		if n > 100 && (!errors.As(err, &tl) || len(got) > 101) {
			t.Errorf("%d bytes: read %d, %v; want a TooLargeError after at most 101 bytes", n, len(got), err)
		}
	}
}

func TestPipe(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	go func() {
		w.Write([]byte("PK\x03\x04 and more"))
		w.Close()
	}()
	// /proc/self/fd/N is how /dev/stdin and <(cmd) look.
	p := "/proc/self/fd/" + strconv.Itoa(int(r.Fd()))
	if _, err := os.Stat(p); err != nil {
		t.Skip("no /proc/self/fd:", err)
	}
	f, err := Open(context.Background(), p, Limit{"x", 1000})
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, _, ok := f.ReaderAt(); ok {
		t.Error("ReaderAt of a pipe: ok")
	}
	head, _ := f.Peek(4)
	all, err := f.ReadAll()
	if string(head) != "PK\x03\x04" || string(all) != "PK\x03\x04 and more" || err != nil {
		t.Errorf("Peek %q, ReadAll %q, %v", head, all, err)
	}
}

func mkfifo(t *testing.T) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "fifo")
	if err := syscall.Mkfifo(p, 0o600); err != nil {
		t.Skip("mkfifo:", err)
	}
	return p
}

// A FIFO without a writer: Open returns once the context is cancelled.
func TestFIFONoWriter(t *testing.T) {
	p := mkfifo(t)
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	start := time.Now()
	_, err := Open(ctx, p, Limit{"x", 100})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Open: %v, want context.Canceled", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("Open took %v after cancel", d)
	}
}

// A FIFO whose writer stalls: a read ends once the context is cancelled.
func TestFIFOStalledWriter(t *testing.T) {
	p := mkfifo(t)
	done := make(chan struct{})
	defer close(done)
	go func() {
		w, err := os.OpenFile(p, os.O_WRONLY, 0)
		if err != nil {
			return
		}
		w.Write([]byte("abc"))
		<-done
		w.Close()
	}()
	ctx, cancel := context.WithCancel(context.Background())
	f, err := Open(ctx, p, Limit{"x", 100})
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	time.AfterFunc(50*time.Millisecond, cancel)
	_, err = f.ReadAll()
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("ReadAll: %v, want context.Canceled", err)
	}
}

// A FIFO with a writer reads like a file.
func TestFIFOWithWriter(t *testing.T) {
	p := mkfifo(t)
	go func() {
		w, err := os.OpenFile(p, os.O_WRONLY, 0)
		if err != nil {
			return
		}
		w.Write([]byte("content"))
		w.Close()
	}()
	b, err := ReadFile(context.Background(), p, Limit{"x", 100})
	if err != nil || string(b) != "content" {
		t.Fatalf("ReadFile = %q, %v", b, err)
	}
}
