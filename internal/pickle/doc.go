// Package pickle is nasred's one layer over Python pickles. It checks a
// pickle's opcodes before decoding, so that a corrupt file cannot make the
// decoder allocate without bound, unpickles it with gopickle without
// panicking, and emulates the few Python and numpy classes the benchmark
// files reference (numpy float and integer scalars with their dtypes,
// bytes and bytearray), keeping every other class as an opaque Object.
// Node walks a decoded value with error messages that name the path to
// it, and Mean is np.mean, bit for bit.
//
// It serves the NATS-Bench topology reader (package bench/nb201) and the
// pickled XGBoost boosters of the official NB301 surrogate (package
// surrogate/xgb).
//
// Kind: shared low-level code (README, Layout).
package pickle
