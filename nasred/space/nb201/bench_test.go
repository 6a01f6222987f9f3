package nb201

import "testing"

var sinkKey string

func BenchmarkParse(b *testing.B) {
	s := "|avg_pool_3x3~0|+|nor_conv_1x1~0|skip_connect~1|+|nor_conv_1x1~0|skip_connect~1|skip_connect~2|"
	for b.Loop() {
		if _, err := Parse(s); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkIsomorphismKey(b *testing.B) {
	cells := All()
	i := 0
	for b.Loop() {
		sinkKey = cells[i%NumCells].IsomorphismKey()
		i++
	}
}

func BenchmarkNeighbours(b *testing.B) {
	c := MustParse("|avg_pool_3x3~0|+|nor_conv_1x1~0|skip_connect~1|+|nor_conv_1x1~0|skip_connect~1|skip_connect~2|")
	buf := make([]Cell, 0, 24)
	for b.Loop() {
		buf = buf[:0]
		for k := range NumEdges {
			buf = c.AppendEdgeNeighbours(buf, k)
		}
	}
}
