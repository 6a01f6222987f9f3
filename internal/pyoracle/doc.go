// Package pyoracle finds the Python interpreter that tests use as an
// independent oracle.
//
// There is one rule: the first python3 on $PATH that imports every module
// a test needs. On the development machine a pyenv python3 comes first on
// $PATH without numpy, xgboost or torch; Debian's python3 (with
// python3-numpy, python3-xgboost, python3-torch) comes later and is
// found. A test is skipped, not failed, when no interpreter fits.
//
// Kind: shared low-level code, for tests only (README, Layout).
package pyoracle
