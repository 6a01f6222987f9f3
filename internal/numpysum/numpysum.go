package numpysum

// Sum is numpy's pairwise summation of a contiguous array
// (numpy/core/src/umath/loops_utils.h, pairwise_sum, as used by
// np.add.reduce): a plain running sum below 8 values, 8 interleaved
// accumulators up to 128 values, and recursive halving (at a multiple of 8)
// beyond.
func Sum[F float32 | float64](a []F) F {
	n := len(a)
	switch {
	case n < 8:
		var res F
		for _, v := range a {
			res += v
		}
		return res
	case n <= 128:
		var r [8]F
		copy(r[:], a[:8])
		i := 8
		for ; i < n-n%8; i += 8 {
			for j := range r {
				r[j] += a[i+j]
			}
		}
		res := ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]))
		for ; i < n; i++ {
			res += a[i]
		}
		return res
	default:
		n2 := n / 2
		n2 -= n2 % 8
		return Sum(a[:n2]) + Sum(a[n2:])
	}
}
