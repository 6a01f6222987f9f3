// Package input opens every file of outside input that nasred reads: the
// files named by the CLI's file flags (--in, --labels, --archs,
// --surrogate, --constraint-file, --genotypes) and the benchmark files of
// the data folder.
//
// Open returns a File, a buffered reader that
//
//   - reads standard input for the path "-" and works on pipes, FIFOs,
//     /dev/stdin and process substitution (<(cmd)): formats are detected
//     by peeking at the buffer (File.Peek), never by reopening the file;
//   - never hangs uninterruptibly: a FIFO without a writer is opened in the
//     background and Open returns as soon as the context is cancelled;
//     reads from pipes and FIFOs end with the context's error when it is
//     cancelled;
//   - is bounded: each reader passes a Limit suited to its format (far
//     above the largest real file), a regular file larger than the limit is
//     refused before it is read, and a stream is cut off one byte past it,
//     with a *TooLargeError naming the file, the limit and how to raise it
//     (the environment variable NASRED_MAX_INPUT_BYTES, which cmd/nasred
//     turns into WithMaxBytes).
//
// Kind: shared low-level code (README, Layout). It reads no environment
// variable itself: the limit override travels in the context.
package input
