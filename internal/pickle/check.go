package pickle

import (
	"bytes"
	"encoding/binary"
	"fmt"
)

// Check walks the opcodes of a pickle up to STOP, checking that each
// opcode is known (protocols 0 to 5) and that its argument fits in the
// data. It bounds every allocation the decoder makes by len(data) and the
// depth of MARKs.
func Check(data []byte) error {
	const maxDepth = 1 << 12
	depth := 0
	for i := 0; i < len(data); {
		op := data[i]
		at := i
		i++
		need := func(n uint64) error {
			if n > uint64(len(data)-i) {
				return fmt.Errorf("opcode 0x%02x at byte %d needs %d bytes, %d left: truncated or corrupt", op, at, n, len(data)-i)
			}
			return nil
		}
		lenArg := func(size int) error {
			if err := need(uint64(size)); err != nil {
				return err
			}
			var n uint64
			switch size {
			case 1:
				n = uint64(data[i])
			case 4:
				n = uint64(binary.LittleEndian.Uint32(data[i:]))
			case 8:
				n = binary.LittleEndian.Uint64(data[i:])
			}
			i += size
			if err := need(n); err != nil {
				return err
			}
			i += int(n)
			return nil
		}
		line := func() error {
			j := bytes.IndexByte(data[i:], '\n')
			if j < 0 {
				return fmt.Errorf("opcode %q at byte %d: no end of line", op, at)
			}
			i += j + 1
			return nil
		}
		var err error
		switch op {
		case '.': // STOP
			return nil
		case '(': // MARK
			depth++
			if depth > maxDepth {
				return fmt.Errorf("more than %d nested MARKs", maxDepth)
			}
		case 't', 'l', 'd', 'u', 'e', 0x90, 0x91, 'o', '1': // pop to MARK
			depth--
		case 'i': // INST: two lines, pops to MARK
			depth--
			if err = line(); err == nil {
				err = line()
			}
		case '0', '2', 'N', 'a', 'b', '}', ']', 'R', 's', ')', 0x81, 0x85, 0x86, 0x87,
			0x88, 0x89, 0x8f, 0x92, 0x93, 0x94, 0x97, 0x98, 'Q':
		case 'K', 'h', 'q', 0x80, 0x82:
			err = need(1)
			i++
		case 'M', 0x83:
			err = need(2)
			i += 2
		case 'J', 'j', 'r', 0x84:
			err = need(4)
			i += 4
		case 'G':
			err = need(8)
			i += 8
		case 0x95: // FRAME: the frame's bytes follow inline
			if err = need(8); err == nil {
				n := binary.LittleEndian.Uint64(data[i:])
				i += 8
				err = need(n)
			}
		case 'U', 0x8c, 'C', 0x8a:
			err = lenArg(1)
		case 'T', 'X', 'B', 0x8b:
			err = lenArg(4)
		case 0x8d, 0x8e, 0x96:
			err = lenArg(8)
		case 'I', 'L', 'F', 'S', 'V', 'p', 'g', 'P':
			err = line()
		case 'c': // GLOBAL
			if err = line(); err == nil {
				err = line()
			}
		default:
			return fmt.Errorf("unknown opcode 0x%02x at byte %d", op, at)
		}
		if err != nil {
			return err
		}
		if i > len(data) {
			return fmt.Errorf("opcode 0x%02x at byte %d: argument runs past the end", op, at)
		}
	}
	return fmt.Errorf("no STOP opcode: the pickle is truncated")
}
