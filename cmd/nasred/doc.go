// Command nasred is the command-line interface of the nasred research
// environment: operation importance, motif mining, sampling, surrogates and
// training of cell-based neural architectures.
//
// Each subcommand is a thin wrapper over a package function; run
// "nasred help" for the list.
//
// Kind: command. Each subcommand parses its flags and calls one function
// of package analysis (README, Layout).
package main
