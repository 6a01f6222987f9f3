package configspace_test

import (
	"fmt"

	"github.com/nasred/nasred/nasred/surrogate/configspace"
)

func Example() {
	s, err := configspace.Parse([]byte(`{
	  "hyperparameters": [
	    {"name": "op", "type": "categorical", "choices": ["conv", "pool"], "default": "conv"},
	    {"name": "kernel", "type": "uniform_int", "log": false, "lower": 1, "upper": 5, "default": 3},
	    {"name": "lr", "type": "uniform_float", "log": true, "lower": 0.001, "upper": 0.1, "default": 0.01}
	  ],
	  "conditions": [{"child": "kernel", "parent": "op", "type": "IN", "values": ["conv"]}]
	}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	v := make([]float32, s.Len())
	for _, cfg := range []map[string]string{
		{"op": "conv", "kernel": "3", "lr": "0.01"},
		{"op": "pool", "lr": "0.1"},
	} {
		if err := s.Encode(cfg, v); err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(v) // order: unconditional (lr, op) by name, then kernel
	}
	// Output:
	// [0.5 0 0.5]
	// [1 1 -1]
}
