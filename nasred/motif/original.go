package motif

import "math"

// OriginalMinSupport returns the absolute minimum support the reference
// code's mine_motifs.py used: np.round(fraction · nArchs), rounding half
// to even, where nArchs is the number of architectures even when both
// cells of each are mined (2·nArchs graphs, so an effective 2.5 % for
// 0.05). Pass it as Options.Support to mine as it did; nasred's default
// (Options.MinSupport) is floor(fraction · cells mined), at least 1. For
// the paper's 2,589 top architectures both give 129.
func OriginalMinSupport(fraction float64, nArchs int) int {
	return int(math.RoundToEven(fraction * float64(nArchs)))
}
