package nb201

import (
	"slices"
	"testing"
)

func TestOpNames(t *testing.T) {
	want := []string{"none", "skip_connect", "nor_conv_1x1", "nor_conv_3x3", "avg_pool_3x3"}
	if got := OpNames(); !slices.Equal(got, want) {
		t.Errorf("OpNames() = %v, want %v", got, want)
	}
}
