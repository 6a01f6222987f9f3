package xgb

import (
	"bytes"
	"encoding/binary"
	"fmt"
)

// Argument kinds of pickle opcodes.
const (
	argNone = iota
	argFixed
	argLine  // one newline-terminated line
	argLine2 // two lines (GLOBAL, INST)
	argLen1  // 1-byte length + data
	argLen4  // 4-byte little-endian length + data
	argLen8  // 8-byte little-endian length + data
)

type opArg struct{ kind, size int }

// pickleOps lists every opcode of pickle protocols 0-5 and its argument.
var pickleOps = func() map[byte]opArg {
	m := map[byte]opArg{}
	for _, c := range []byte("().0012NR]abdeloRstu}\x81\x85\x86\x87\x88\x89\x8f\x90\x91\x92\x93\x94\x97\x98Q") {
		m[c] = opArg{argNone, 0}
	}
	for c, n := range map[byte]int{'J': 4, 'K': 1, 'M': 2, 'G': 8, 'h': 1, 'j': 4, 'q': 1, 'r': 4,
		'\x80': 1, '\x82': 1, '\x83': 2, '\x84': 4} {
		m[c] = opArg{argFixed, n}
	}
	for _, c := range []byte("SVILFPgp") {
		m[c] = opArg{argLine, 0}
	}
	m['c'] = opArg{argLine2, 0}
	m['i'] = opArg{argLine2, 0}
	for _, c := range []byte("UC\x8c\x8a") {
		m[c] = opArg{argLen1, 0}
	}
	for _, c := range []byte("TXB\x8b") {
		m[c] = opArg{argLen4, 0}
	}
	for _, c := range []byte("\x8d\x8e\x96\x95") {
		m[c] = opArg{argLen8, 0}
	}
	return m
}()

// scanPickle checks that b is a well-formed sequence of pickle opcodes
// ending in STOP, with every length-prefixed argument inside the data, so
// that a corrupt file cannot make the unpickler allocate huge buffers.
func scanPickle(b []byte) error {
	for pos := 0; pos < len(b); {
		op := b[pos]
		a, ok := pickleOps[op]
		if !ok {
			return fmt.Errorf("pickle: unknown opcode 0x%02x at byte %d", op, pos)
		}
		pos++
		if op == '.' {
			return nil
		}
		rest := len(b) - pos
		var n uint64
		switch a.kind {
		case argFixed:
			n = uint64(a.size)
		case argLine, argLine2:
			lines := 1
			if a.kind == argLine2 {
				lines = 2
			}
			for l := 0; l < lines; l++ {
				i := bytes.IndexByte(b[pos:], '\n')
				if i < 0 {
					return fmt.Errorf("pickle: unterminated argument of opcode %q at byte %d", op, pos-1)
				}
				pos += i + 1
			}
			continue
		case argLen1:
			if rest < 1 {
				return fmt.Errorf("pickle: truncated at byte %d", pos)
			}
			n = 1 + uint64(b[pos])
		case argLen4:
			if rest < 4 {
				return fmt.Errorf("pickle: truncated at byte %d", pos)
			}
			n = 4 + uint64(binary.LittleEndian.Uint32(b[pos:]))
		case argLen8:
			if rest < 8 {
				return fmt.Errorf("pickle: truncated at byte %d", pos)
			}
			n = binary.LittleEndian.Uint64(b[pos:])
			if n > uint64(rest) {
				return fmt.Errorf("pickle: argument of %d bytes at byte %d exceeds the %d bytes left", n, pos, rest)
			}
			if op == '\x95' { // FRAME: its content is more opcodes
				n = 8
			} else {
				n += 8
			}
		}
		if n > uint64(rest) {
			return fmt.Errorf("pickle: argument of %d bytes at byte %d exceeds the %d bytes left", n, pos, rest)
		}
		pos += int(n)
	}
	return fmt.Errorf("pickle: no STOP opcode (truncated?)")
}
