//go:build !unix

package nb201

import (
	"context"

	"github.com/nasred/nasred/internal/input"
)

// mapFile reads the file at path; see the unix version.
func mapFile(path string) ([]byte, func(), error) {
	data, err := input.ReadFile(context.Background(), path, csvLimit())
	return data, func() {}, err
}
