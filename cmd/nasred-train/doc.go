// Command nasred-train runs the subcommands of nasred that train networks:
// "nasred train" and "nasred study". nasred executes it for them (it must
// lie beside nasred or on PATH), so that GoMLX, XLA and their package
// initialisation are linked into this binary only and every other
// subcommand starts without them. "nasred-train train ..." is the same as
// "nasred train ...".
//
// Kind: command. Each subcommand parses its flags and calls one function
// of package analysis/training or study (README, Layout).
package main
