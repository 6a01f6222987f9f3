// Package cmdenv holds what the nasred binaries (cmd/nasred and
// cmd/nasred-train) share around their subcommands: the subcommand type and how its
// error becomes the exit status, signal handling that
// cancels on the first interrupt and exits on the second, and the
// command-wide input limit read from $NASRED_MAX_INPUT_BYTES.
//
// Kind: shared low-level code (see the README's Layout section).
package cmdenv
