// Package atomicfile writes files atomically: the content goes to a
// temporary file in the destination's directory, which is synced and
// renamed over the destination only when everything was written. A failed
// or interrupted write leaves no half-written result behind.
//
// Kind: shared low-level code, used by every kind that writes files
// (README, Layout).
package atomicfile
