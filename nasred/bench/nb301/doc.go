// Package nb301 reads the NAS-Bench-301 data files a user may have:
// the official training-data zip (nb_301_v13_lc_iclr_final.zip, one JSON
// result record per trained architecture, in folders per optimizer) and
// NASLib's JSON files of NB301 genotypes (naslib_archs_nasbench301.json,
// 11,221 unlabelled training genotypes) and of labelled genotypes with
// zero-cost proxies (naslib_zc_nasbench301.json, 725 genotypes).
//
// ReadZip streams the zip's entries (archive/zip, nothing is extracted),
// decodes them in parallel and turns each into a Record: genotype (from
// the NB301 configuration keys, see darts.FromConfig), validation and
// test accuracy, final_metric_score, runtime, budget and the optimizer
// (its folder). An entry that cannot be read is never dropped silently:
// it comes back as a Skipped with its path and the reason. ParseRecord
// decodes one record; ReadNASLibArchs and ReadNASLibLabelled read the
// NASLib files. All readers check numbers (missing keys, NaN, infinities,
// accuracies outside [0, 100]) and name the file and key in errors.
//
// ReadDir reads an already extracted copy of the zip the same way.
//
// The files themselves are not part of nasred; see data/README.md for where
// to get them (the training data: "nasbench301_full_data" on figshare,
// https://figshare.com/articles/dataset/nasbench301_full_data/13286105,
// linked from github.com/automl/nasbench301).
//
// Kind: algorithm. It takes values, readers and paths; it reads no
// environment variable and imports neither plot nor datadir (README, Layout).
package nb301
