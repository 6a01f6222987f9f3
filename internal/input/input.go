package input

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// EnvMaxBytes is the environment variable that raises (or lowers) the size
// limit of every reader; cmd/nasred reads it and calls WithMaxBytes.
const EnvMaxBytes = "NASRED_MAX_INPUT_BYTES"

// Stdin is the path that means standard input.
const Stdin = "-"

// Limit is the largest input a reader accepts: Bytes, for inputs described
// by What (for example "an NB301 architecture file"), used in errors.
type Limit struct {
	What  string
	Bytes int64
}

// Common limits, in bytes.
const (
	KiB int64 = 1 << 10
	MiB int64 = 1 << 20
	GiB int64 = 1 << 30
)

type maxBytesKey struct{}

// WithMaxBytes returns a context in which every Limit is replaced by n
// bytes (n <= 0 keeps each reader's own limit).
func WithMaxBytes(ctx context.Context, n int64) context.Context {
	return context.WithValue(ctx, maxBytesKey{}, n)
}

// Effective returns the limit in force under ctx: lim, or the override of
// WithMaxBytes.
func Effective(ctx context.Context, lim Limit) Limit {
	if n, ok := ctx.Value(maxBytesKey{}).(int64); ok && n > 0 {
		lim.Bytes = n
	}
	return lim
}

// ParseSize parses a byte count such as 1048576, 512MiB, 2GiB, 64M or 1G
// (K, M, G and T with or without "iB" are powers of 1024).
func ParseSize(s string) (int64, error) {
	t := strings.TrimSpace(s)
	mult := int64(1)
	for _, u := range []struct {
		suffix string
		mult   int64
	}{{"TiB", 1 << 40}, {"GiB", GiB}, {"MiB", MiB}, {"KiB", KiB}, {"T", 1 << 40}, {"G", GiB}, {"M", MiB}, {"K", KiB}, {"B", 1}} {
		if strings.HasSuffix(t, u.suffix) {
			t, mult = strings.TrimSpace(strings.TrimSuffix(t, u.suffix)), u.mult
			break
		}
	}
	n, err := strconv.ParseInt(t, 10, 64)
	if err != nil || n <= 0 || n > (1<<62)/mult {
		return 0, fmt.Errorf("size %q: want a positive number of bytes such as 1073741824, 512MiB or 2GiB", s)
	}
	return n * mult, nil
}

// FormatSize writes n bytes for people, to two decimals: "64 MiB",
// "1.5 GiB", "300 bytes".
func FormatSize(n int64) string {
	for _, u := range []struct {
		unit string
		size int64
	}{{"TiB", 1 << 40}, {"GiB", GiB}, {"MiB", MiB}, {"KiB", KiB}} {
		if n >= u.size {
			s := strconv.FormatFloat(float64(n)/float64(u.size), 'f', 2, 64)
			return strings.TrimSuffix(strings.TrimRight(s, "0"), ".") + " " + u.unit
		}
	}
	return strconv.FormatInt(n, 10) + " bytes"
}

// TooLargeError reports an input larger than its limit.
type TooLargeError struct {
	// Name is the file ("standard input" for "-").
	Name  string
	Limit Limit
	// Size is the file's size when known (a regular file), else 0.
	Size int64
}

func (e *TooLargeError) Error() string {
	size := "more than " + FormatSize(e.Limit.Bytes)
	if e.Size > 0 {
		size = FormatSize(e.Size)
	}
	what := "an input file"
	if e.Limit.What != "" {
		what = e.Limit.What
	}
	return fmt.Sprintf("%s is %s, over the limit of %s (%d bytes) for %s; if the file is right, raise the limit with %s=BYTES (e.g. %s=%d)",
		e.Name, size, FormatSize(e.Limit.Bytes), e.Limit.Bytes, what, EnvMaxBytes, EnvMaxBytes, 2*max(e.Limit.Bytes, e.Size))
}

// File is an opened input: a buffered, size-limited, cancellable reader.
// It is not safe for concurrent use.
type File struct {
	name    string
	f       *os.File  // nil for FromReader
	src     io.Reader // f or the wrapped reader
	br      *bufio.Reader
	lim     Limit
	n       int64 // bytes taken from src
	size    int64 // regular files: the size at Open, else -1
	regular bool
	ctx     context.Context
	stop    func() bool
	closeF  bool
}

// Open opens path for reading under the limit lim (see Effective): "-" is
// standard input. A regular file larger than the limit is an error
// (*TooLargeError) at once; a FIFO or device is opened so that a cancelled
// ctx ends a wait for a writer, and reads from it end with ctx's error
// when ctx is cancelled. Folders are an error.
func Open(ctx context.Context, path string, lim Limit) (*File, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	lim = Effective(ctx, lim)
	if path == Stdin {
		return openStdin(ctx, lim)
	}
	if path == "" {
		return nil, errors.New("no file given")
	}
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if st.IsDir() {
		return nil, fmt.Errorf("%s is a folder, expected a file", path)
	}
	var f *os.File
	if st.Mode().IsRegular() {
		if f, err = os.Open(path); err != nil {
			return nil, err
		}
	} else if f, err = openWait(ctx, path, st.Mode()); err != nil {
		return nil, err
	}
	return newFile(ctx, f, path, lim, true)
}

// FromReader wraps r (for example a command's standard input) as a File
// named name, under the limit lim.
func FromReader(ctx context.Context, r io.Reader, name string, lim Limit) *File {
	if f, ok := r.(*os.File); ok {
		if f == os.Stdin {
			if x, err := openStdin(ctx, Effective(ctx, lim)); err == nil {
				x.name = name
				return x
			}
		}
		if x, err := newFile(ctx, f, name, Effective(ctx, lim), false); err == nil {
			return x
		}
	}
	x := &File{name: name, src: r, lim: Effective(ctx, lim), size: -1, ctx: ctx, stop: func() bool { return false }}
	x.br = bufio.NewReaderSize(limitedReader{x}, 64*1024)
	return x
}

func newFile(ctx context.Context, f *os.File, name string, lim Limit, own bool) (*File, error) {
	x := &File{name: name, f: f, src: f, lim: lim, size: -1, ctx: ctx, closeF: own, stop: func() bool { return false }}
	if st, err := f.Stat(); err == nil && st.Mode().IsRegular() {
		x.regular, x.size = true, st.Size()
		if x.size > lim.Bytes {
			if own {
				f.Close()
			}
			return nil, &TooLargeError{Name: name, Limit: lim, Size: x.size}
		}
	} else {
		// Pipes and FIFOs opened by os.Open use Go's poller, so a read
		// deadline interrupts a blocked read.
		x.stop = context.AfterFunc(ctx, func() { f.SetReadDeadline(time.Unix(1, 0)) })
	}
	bufSize := 64 << 10
	if x.regular {
		bufSize = int(max(4<<10, min(int64(bufSize), x.size+1)))
	}
	x.br = bufio.NewReaderSize(limitedReader{x}, bufSize)
	return x, nil
}

// openStdin returns standard input. A pipe is reopened through
// /dev/stdin where the system allows, which gives this process its own
// non-blocking, cancellable descriptor without changing the shared one.
func openStdin(ctx context.Context, lim Limit) (*File, error) {
	const name = "standard input"
	if st, err := os.Stdin.Stat(); err == nil && st.Mode()&fs.ModeNamedPipe != 0 {
		if f, err := openWait(ctx, "/dev/stdin", st.Mode()); err == nil {
			return newFile(ctx, f, name, lim, true)
		} else if ctx.Err() != nil {
			return nil, err
		}
	}
	return newFile(ctx, os.Stdin, name, lim, false)
}

// openWait opens a non-regular file, which may block (a FIFO waits for a
// writer), in the background, and gives up when ctx is cancelled. A FIFO
// then is opened for writing without blocking once, which lets the
// waiting open return, so no thread stays blocked.
func openWait(ctx context.Context, path string, mode fs.FileMode) (*os.File, error) {
	type result struct {
		f   *os.File
		err error
	}
	ch := make(chan result, 1)
	go func() {
		f, err := os.Open(path)
		ch <- result{f, err}
	}()
	select {
	case r := <-ch:
		return r.f, r.err
	case <-ctx.Done():
	}
	if mode&fs.ModeNamedPipe != 0 {
		if w, err := os.OpenFile(path, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
			w.Close()
		}
	}
	go func() {
		if r := <-ch; r.f != nil {
			r.f.Close()
		}
	}()
	return nil, fmt.Errorf("open %s: stopped waiting for a writer: %w", path, ctx.Err())
}

// limitedReader counts the bytes taken from the source and fails one byte
// past the limit.
type limitedReader struct{ x *File }

func (l limitedReader) Read(p []byte) (int, error) {
	x := l.x
	if err := x.ctx.Err(); err != nil {
		return 0, err
	}
	if x.n > x.lim.Bytes {
		return 0, &TooLargeError{Name: x.name, Limit: x.lim}
	}
	if rest := x.lim.Bytes - x.n + 1; int64(len(p)) > rest {
		p = p[:rest]
	}
	n, err := x.src.Read(p)
	x.n += int64(n)
	if err != nil && errors.Is(err, os.ErrDeadlineExceeded) && x.ctx.Err() != nil {
		err = x.ctx.Err()
	}
	if x.n > x.lim.Bytes {
		return n, &TooLargeError{Name: x.name, Limit: x.lim}
	}
	return n, err
}

// Name is the path given to Open ("standard input" for "-").
func (x *File) Name() string { return x.name }

// Limit is the limit in force.
func (x *File) Limit() Limit { return x.lim }

// Read reads from the buffer; past the limit it returns a *TooLargeError.
func (x *File) Read(p []byte) (int, error) { return x.br.Read(p) }

// ReadByte, UnreadByte, ReadRune and UnreadRune are those of the buffer.
func (x *File) ReadByte() (byte, error)      { return x.br.ReadByte() }
func (x *File) UnreadByte() error            { return x.br.UnreadByte() }
func (x *File) ReadRune() (rune, int, error) { return x.br.ReadRune() }
func (x *File) UnreadRune() error            { return x.br.UnreadRune() }

// Peek returns the next n bytes without consuming them (fewer at the end
// of the input, with the error); n is at most 4 KiB.
func (x *File) Peek(n int) ([]byte, error) { return x.br.Peek(n) }

// Reader returns the buffered reader itself, for parsers that take one.
func (x *File) Reader() *bufio.Reader { return x.br }

// SetLimit narrows the limit once the format is known (it never raises it
// past an override of WithMaxBytes): a regular file larger than the new
// limit is an error at once, and so is a stream already read past it.
func (x *File) SetLimit(lim Limit) error {
	x.lim = Effective(x.ctx, lim)
	if x.regular && x.size > x.lim.Bytes {
		return &TooLargeError{Name: x.name, Limit: x.lim, Size: x.size}
	}
	if x.n > x.lim.Bytes {
		return &TooLargeError{Name: x.name, Limit: x.lim}
	}
	return nil
}

// ReaderAt returns the underlying file and its size for formats that need
// random access (zip); ok is false for pipes, FIFOs and devices.
func (x *File) ReaderAt() (r io.ReaderAt, size int64, ok bool) {
	if !x.regular || x.f == nil {
		return nil, 0, false
	}
	return x.f, x.size, true
}

// RandomAccess is ReaderAt with an error for streams, which names the
// file and format, the flag's input for which must be a regular file.
func (x *File) RandomAccess(format string) (io.ReaderAt, int64, error) {
	r, size, ok := x.ReaderAt()
	if !ok {
		return nil, 0, fmt.Errorf("%s: %s is read by random access, so it must be a regular file, not a pipe or FIFO", x.name, format)
	}
	return r, size, nil
}

// Regular reports whether the input is a regular file.
func (x *File) Regular() bool { return x.regular }

// ReadAll reads the rest of the input (what Peek saw included). A
// regular file is read into one buffer of its size; a stream in blocks
// joined at the end, so that memory stays near twice what was read (not
// the many times of a buffer doubled again and again).
func (x *File) ReadAll() ([]byte, error) {
	if !x.regular {
		return ReadAll(x.br)
	}
	buf := make([]byte, 0, max(x.size-x.n+int64(x.br.Buffered())+1, 512))
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := x.br.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return nil, err
		}
	}
}

// ReadAll is io.ReadAll that reads in blocks of up to 4 MiB and joins
// them once at the end.
func ReadAll(r io.Reader) ([]byte, error) {
	var blocks [][]byte
	total, size := 0, 64<<10
	for {
		b := make([]byte, size)
		n, err := io.ReadFull(r, b)
		blocks = append(blocks, b[:n])
		total += n
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			break
		}
		if err != nil {
			return nil, err
		}
		size = min(2*size, 4<<20)
	}
	if len(blocks) == 1 {
		return blocks[0], nil
	}
	out := make([]byte, 0, total)
	for _, b := range blocks {
		out = append(out, b...)
	}
	return out, nil
}

// Close releases the file (standard input itself stays open).
func (x *File) Close() error {
	x.stop()
	if x.closeF && x.f != nil {
		return x.f.Close()
	}
	return nil
}

// ReadFile opens path (see Open) and reads it whole under the limit lim.
func ReadFile(ctx context.Context, path string, lim Limit) ([]byte, error) {
	f, err := Open(ctx, path, lim)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return f.ReadAll()
}
