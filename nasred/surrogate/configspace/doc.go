// Package configspace turns an NB301 configuration (hyperparameter name →
// value) into the 56-feature float32 vector that the official
// NAS-Bench-301 surrogates take, exactly as ConfigSpace 0.4.12's
// Configuration.get_array() does followed by nasbench301's "NaN → -1".
//
// A Space is read from a ConfigSpace JSON file (the NB301 definition ships
// as nb301/nb301_configspace.json in the benchmark data). Hyperparameters
// are ordered as ConfigSpace orders them: by depth in the condition graph
// (unconditional ones first), then by name in byte order. Values are
// encoded per type: a categorical by the index of its choice, a constant as
// 0, a uniform integer or float by its position in the range (in log space
// when log-scaled, clipped to [0, 1]), a log-scaled normal float by its
// natural logarithm; an inactive hyperparameter is -1.
//
// ReadNB301 also applies the two adjustments nasbench301 makes: the range
// overrides of its ConfigLoader (layers, init_channels and T_max become
// integers in [1, 10000], eta_min a float in [0, 10000]) and the fixed
// training hyperparameters of its api.py (FixedHyperparameters), which
// EncodeNB301 merges under every genotype configuration.
//
// Kind: algorithm. It takes values, readers and paths; it reads no
// environment variable and imports neither plot nor datadir (README, Layout).
package configspace
