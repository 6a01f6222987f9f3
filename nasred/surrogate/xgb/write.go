package xgb

import (
	"bufio"
	"fmt"
	"io"
	"strconv"

	"github.com/nasred/nasred/nasred/surrogate/forest"
)

// WriteJSON writes f as an XGBoost JSON model (the format of
// Booster.save_model("m.json"), XGBoost 1.7 schema) with objective
// reg:squarederror, so that XGBoost itself can load and predict with a
// forest trained by nasred. XGBoost's predictions equal f.Predict bit for
// bit. Node statistics XGBoost does not need for prediction (gains,
// hessians, base weights) are written as 0.
func WriteJSON(w io.Writer, f *forest.Forest) error {
	bw := bufio.NewWriter(w)
	// Exponent form: XGBoost's JSON reader treats numbers without '.' or
	// 'E' as integers and rejects them where floats are expected.
	f32 := func(v float32) string { return strconv.FormatFloat(float64(v), 'E', -1, 32) }
	p := func(format string, args ...any) { fmt.Fprintf(bw, format, args...) }
	trees := f.Trees()
	p(`{"learner":{"attributes":{},"feature_names":[],"feature_types":[],"gradient_booster":{"model":{"gbtree_model_param":{"num_parallel_tree":"1","num_trees":"%d","size_leaf_vector":"0"},"tree_info":[`, len(trees))
	for i := range trees {
		if i > 0 {
			p(",")
		}
		p("0")
	}
	p(`],"trees":[`)
	for ti, t := range trees {
		if ti > 0 {
			p(",")
		}
		n := len(t.Left)
		parents := make([]int32, n)
		parents[0] = 2147483647
		for i := 0; i < n; i++ {
			if t.Left[i] >= 0 {
				parents[t.Left[i]] = int32(i)
				parents[t.Right[i]] = int32(i)
			}
		}
		list := func(name string, k func(i int) string) {
			p(`"%s":[`, name)
			for i := 0; i < n; i++ {
				if i > 0 {
					p(",")
				}
				p("%s", k(i))
			}
			p("],")
		}
		zero := func(int) string { return "0E0" }
		p("{")
		list("base_weights", zero)
		p(`"categories":[],"categories_nodes":[],"categories_segments":[],"categories_sizes":[],`)
		list("default_left", func(i int) string {
			if t.DefaultLeft[i] {
				return "1"
			}
			return "0"
		})
		p(`"id":%d,`, ti)
		list("left_children", func(i int) string { return strconv.Itoa(int(t.Left[i])) })
		list("loss_changes", zero)
		list("parents", func(i int) string { return strconv.Itoa(int(parents[i])) })
		list("right_children", func(i int) string { return strconv.Itoa(int(t.Right[i])) })
		list("split_conditions", func(i int) string { return f32(t.Value[i]) })
		list("split_indices", func(i int) string { return strconv.Itoa(int(t.Feature[i])) })
		list("split_type", func(int) string { return "0" })
		list("sum_hessian", zero)
		p(`"tree_param":{"num_deleted":"0","num_feature":"%d","num_nodes":"%d","size_leaf_vector":"0"}}`, f.NumFeature(), n)
	}
	p(`]},"name":"gbtree"},"learner_model_param":{"base_score":"%s","boost_from_average":"1","num_class":"0","num_feature":"%d","num_target":"1"},`,
		strconv.FormatFloat(float64(f.Base()), 'E', -1, 32), f.NumFeature())
	p(`"objective":{"name":"reg:squarederror","reg_loss_param":{"scale_pos_weight":"1"}}},"version":[1,7,4]}`)
	p("\n")
	return bw.Flush()
}
