package nb301_test

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"strings"

	"github.com/nasred/nasred/nasred/bench/nb301"
)

func ExampleParseRecord() {
	const p = "NetworkSelectorDatasetInfo:darts:"
	record := `{"final_metric_score": -94.1, "test_accuracy": 93.9, "runtime": 1234.5, "budget": 98,
	  "info": [{"val_accuracy": 94.1}],
	  "optimized_hyperparamater_config": {"OptimizerSelector:optimizer": "sgd",
	    "` + p + `edge_normal_0": "sep_conv_3x3", "` + p + `edge_normal_1": "skip_connect",
	    "` + p + `inputs_node_normal_3": "0_2", "` + p + `edge_normal_2": "sep_conv_5x5", "` + p + `edge_normal_4": "skip_connect",
	    "` + p + `inputs_node_normal_4": "1_3", "` + p + `edge_normal_6": "max_pool_3x3", "` + p + `edge_normal_8": "dil_conv_3x3",
	    "` + p + `inputs_node_normal_5": "0_4", "` + p + `edge_normal_9": "avg_pool_3x3", "` + p + `edge_normal_13": "dil_conv_5x5",
	    "` + p + `edge_reduce_0": "max_pool_3x3", "` + p + `edge_reduce_1": "max_pool_3x3",
	    "` + p + `inputs_node_reduce_3": "0_1", "` + p + `edge_reduce_2": "skip_connect", "` + p + `edge_reduce_3": "skip_connect",
	    "` + p + `inputs_node_reduce_4": "0_1", "` + p + `edge_reduce_5": "skip_connect", "` + p + `edge_reduce_6": "skip_connect",
	    "` + p + `inputs_node_reduce_5": "0_1", "` + p + `edge_reduce_9": "skip_connect", "` + p + `edge_reduce_10": "skip_connect"}}`
	rec, err := nb301.ParseRecord([]byte(record), "rs/results_7.json")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(rec.Genotype)
	fmt.Println(rec.ValAccuracy, rec.TestAccuracy, rec.FinalMetricScore)

	_, err = nb301.ParseRecord([]byte(`{"final_metric_score": NaN}`), "rs/results_8.json")
	fmt.Println(err)
	// Output:
	// [[(0, 3), (1, 2), (0, 4), (2, 2), (1, 0), (3, 5), (0, 1), (4, 6)], [(0, 0), (1, 0), (0, 2), (1, 2), (0, 2), (1, 2), (0, 2), (1, 2)]]
	// 94.1 93.9 -94.1
	// parse rs/results_8.json: key final_metric_score is NaN
}

// ExampleReadZipReader reads an in-memory archive laid out like the
// official one; ReadZip does the same from a file path.
func ExampleReadZipReader() {
	const p = "NetworkSelectorDatasetInfo:darts:"
	var cfg []string
	for _, cell := range []string{"normal", "reduce"} {
		cfg = append(cfg, `"`+p+`edge_`+cell+`_0": "skip_connect"`, `"`+p+`edge_`+cell+`_1": "sep_conv_3x3"`)
		for j, slots := range map[int][2]int{3: {2, 3}, 4: {5, 6}, 5: {9, 10}} {
			cfg = append(cfg, fmt.Sprintf(`"%sinputs_node_%s_%d": "0_1"`, p, cell, j),
				fmt.Sprintf(`"%sedge_%s_%d": "sep_conv_5x5"`, p, cell, slots[0]),
				fmt.Sprintf(`"%sedge_%s_%d": "dil_conv_3x3"`, p, cell, slots[1]))
		}
	}
	record := `{"final_metric_score": -94.1, "test_accuracy": 93.9, "runtime": 1234.5, "budget": 98,
	  "info": [{"val_accuracy": 94.1}], "optimized_hyperparamater_config": {` + strings.Join(cfg, ", ") + `}}`

	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, content := range map[string]string{
		"nb_301_v13_lc_iclr_final/rs/results_0.json":  record,
		"nb_301_v13_lc_iclr_final/tpe/results_1.json": strings.Replace(record, "93.9", "NaN", 1),
	} {
		w, _ := zw.Create(name)
		w.Write([]byte(content))
	}
	zw.Close()

	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		fmt.Println(err)
		return
	}
	recs, skipped, err := nb301.ReadZipReader(context.Background(), zr, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range recs {
		fmt.Println(r.Optimizer, r.ValAccuracy, r.Genotype)
	}
	for _, s := range skipped {
		fmt.Println("skipped", s.Path+":", s.Reason)
	}
	// Output:
	// rs 94.1 [[(0, 2), (1, 3), (0, 4), (1, 5), (0, 4), (1, 5), (0, 4), (1, 5)], [(0, 2), (1, 3), (0, 4), (1, 5), (0, 4), (1, 5), (0, 4), (1, 5)]]
	// skipped nb_301_v13_lc_iclr_final/tpe/results_1.json: key test_accuracy is NaN
}
