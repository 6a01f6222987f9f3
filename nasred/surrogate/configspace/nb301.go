package configspace

import (
	"fmt"
	"maps"
)

// FixedHyperparameters are the training hyperparameters nasbench301 merges
// under every queried genotype (fixed_hyperparameters in nasbench301/api.py,
// automl/nasbench301 commit 58ca2cb), with Python booleans as text.
var FixedHyperparameters = map[string]string{
	"CreateImageDataLoader:batch_size":                             "96",
	"ImageAugmentation:augment":                                    "True",
	"ImageAugmentation:cutout":                                     "True",
	"ImageAugmentation:cutout_holes":                               "1",
	"ImageAugmentation:cutout_length":                              "16",
	"ImageAugmentation:autoaugment":                                "False",
	"ImageAugmentation:fastautoaugment":                            "False",
	"LossModuleSelectorIndices:loss_module":                        "cross_entropy",
	"NetworkSelectorDatasetInfo:darts:auxiliary":                   "True",
	"NetworkSelectorDatasetInfo:darts:drop_path_prob":              "0.2",
	"NetworkSelectorDatasetInfo:network":                           "darts",
	"OptimizerSelector:optimizer":                                  "sgd",
	"OptimizerSelector:sgd:learning_rate":                          "0.025",
	"OptimizerSelector:sgd:momentum":                               "0.9",
	"OptimizerSelector:sgd:weight_decay":                           "0.0003",
	"SimpleLearningrateSchedulerSelector:cosine_annealing:T_max":   "100",
	"SimpleLearningrateSchedulerSelector:cosine_annealing:eta_min": "1e-8",
	"SimpleLearningrateSchedulerSelector:lr_scheduler":             "cosine_annealing",
	"SimpleTrainNode:batch_loss_computation_technique":             "mixup",
	"SimpleTrainNode:mixup:alpha":                                  "0.2",
	"NetworkSelectorDatasetInfo:darts:init_channels":               "32",
	"NetworkSelectorDatasetInfo:darts:layers":                      "8",
}

// nb301Overrides are the hyperparameters nasbench301's ConfigLoader
// (nasbench301/surrogate_models/utils.py, load_config_space) replaces after
// reading the ConfigSpace JSON.
var nb301Overrides = []Hyperparameter{
	{Name: "NetworkSelectorDatasetInfo:darts:layers", Kind: UniformInt, Lower: 1, Upper: 10000},
	{Name: "SimpleLearningrateSchedulerSelector:cosine_annealing:T_max", Kind: UniformInt, Lower: 1, Upper: 10000},
	{Name: "NetworkSelectorDatasetInfo:darts:init_channels", Kind: UniformInt, Lower: 1, Upper: 10000},
	{Name: "SimpleLearningrateSchedulerSelector:cosine_annealing:eta_min", Kind: UniformFloat, Lower: 0, Upper: 10000},
}

// NB301Features is the length of an NB301 feature vector.
const NB301Features = 56

// ReadNB301 reads the NB301 ConfigSpace JSON (nb301/nb301_configspace.json
// in the benchmark data) and applies nasbench301's range overrides.
func ReadNB301(path string) (*Space, error) {
	s, err := Read(path)
	if err != nil {
		return nil, err
	}
	if err := s.ApplyNB301Overrides(); err != nil {
		return nil, fmt.Errorf("read configspace %s: %w", path, err)
	}
	if s.Len() != NB301Features {
		return nil, fmt.Errorf("read configspace %s: %d hyperparameters, NB301 has %d", path, s.Len(), NB301Features)
	}
	return s, nil
}

// ApplyNB301Overrides replaces layers, init_channels and T_max by integers
// in [1, 10000] and eta_min by a float in [0, 10000], as nasbench301 does.
func (s *Space) ApplyNB301Overrides() error {
	for _, h := range nb301Overrides {
		if err := s.Replace(h); err != nil {
			return err
		}
	}
	return nil
}

// EncodeNB301 merges FixedHyperparameters with arch (the genotype keys of
// an NB301 configuration, e.g. darts.Genotype.Config(); arch wins on
// conflicts) and encodes the result into dst (length Len()).
func (s *Space) EncodeNB301(arch map[string]string, dst []float32) error {
	cfg := maps.Clone(FixedHyperparameters)
	maps.Copy(cfg, arch)
	return s.Encode(cfg, dst)
}
