// Package cmdenv holds what the nasred binaries (cmd/nasred and
// cmd/nasred-train) share around their subcommands: signal handling that
// cancels on the first interrupt and exits on the second, and the
// command-wide input limit read from $NASRED_MAX_INPUT_BYTES.
//
// Kind: shared low-level code (see the README's Layout section).
package cmdenv
