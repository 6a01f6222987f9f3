// Package xgb reads XGBoost tree models natively and predicts with them bit
// for bit like XGBoost's CPU predictor, so that the official NAS-Bench-301
// XGBoost surrogate ensemble runs without Python.
//
// Parse and ReadFile detect the model variant rather than assume it: a
// Python pickle of an xgb.Booster (what nasbench301 saves as
// surrogate_model.model; decoded with gopickle), whose bytes are in turn
// XGBoost 1.0-1.3's "CONFIG-offset:" serialisation (an int64 length, a
// legacy binary model and a JSON configuration), JSON (1.4-1.5), UBJSON
// (1.6 and later) or a raw legacy binary model (0.90); and plain
// save_model files in JSON, UBJSON or legacy binary form. The trees are
// flattened into a forest.Forest, whose float32 arithmetic matches
// XGBoost's (go left iff x < threshold, NaN follows the default direction,
// base_score + tree 0 + tree 1 + ... summed in float32).
//
// ReadEnsemble loads an ensemble folder (nb_models/xgb_v*) and averages the
// members the way nasbench301 does (np.mean over float32 predictions,
// reproduced by NumpyMean). Turning a genotype into the 56 input features
// is the job of package configspace.
//
// WriteJSON exports any forest.Forest (for example one trained by nasred)
// as an XGBoost JSON model that XGBoost loads and predicts with
// identically.
//
// Only single-output gbtree models with identity-link regression
// objectives (reg:squarederror, the objective NB301 uses) are supported;
// others are rejected with an error rather than predicted wrongly.
//
// Kind: algorithm. It takes values, readers and paths; it reads no
// environment variable and imports neither plot nor datadir (README, Layout).
package xgb
