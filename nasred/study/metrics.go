package study

import (
	"encoding/csv"
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"
	"sync"

	"github.com/gomlx/compute"
	"github.com/nasred/nasred/nasred/nn"
	"github.com/nasred/nasred/nasred/train"
)

// metrics are the numbers collect needs from a metrics.csv.
type metrics struct {
	steps               int
	finalTest, bestTest float64
	finalVal, bestVal   float64
	rows                int
}

// readMetrics reads a metrics.csv written by `nasred train`.
func readMetrics(path string) (metrics, error) {
	f, err := os.Open(path)
	if err != nil {
		return metrics{}, fmt.Errorf("metrics: %w", err)
	}
	defer f.Close()
	return parseMetrics(f, path)
}

// parseMetrics reads metrics.csv content; name is used in errors. The
// last row must have a test accuracy (a finished run).
func parseMetrics(r interface{ Read([]byte) (int, error) }, name string) (metrics, error) {
	recs, err := csv.NewReader(r).ReadAll()
	if err != nil {
		return metrics{}, fmt.Errorf("metrics %s: %w", name, err)
	}
	if len(recs) < 2 || strings.Join(recs[0], ",") != train.MetricsHeader {
		return metrics{}, fmt.Errorf("metrics %s: want the header %q and at least one row", name, train.MetricsHeader)
	}
	m := metrics{bestTest: math.Inf(-1), bestVal: math.Inf(-1), finalVal: math.NaN(), rows: len(recs) - 1}
	col := func(rec []string, k, line int) (float64, bool, error) {
		if rec[k] == "" {
			return math.NaN(), false, nil
		}
		v, err := strconv.ParseFloat(rec[k], 64)
		if err != nil || math.IsNaN(v) || math.IsInf(v, 0) || v < 0 || v > 1 {
			return 0, false, fmt.Errorf("metrics %s line %d: column %d %q: expected an accuracy in [0, 1]", name, line, k+1, rec[k])
		}
		return v, true, nil
	}
	for n, rec := range recs[1:] {
		line := n + 2
		if len(rec) != 9 {
			return metrics{}, fmt.Errorf("metrics %s line %d: %d fields, expected 9", name, line, len(rec))
		}
		step, err := strconv.Atoi(rec[0])
		if err != nil || step <= m.steps {
			return metrics{}, fmt.Errorf("metrics %s line %d: step %q: expected an integer above the previous row's", name, line, rec[0])
		}
		m.steps = step
		val, okVal, err := col(rec, 6, line)
		if err != nil {
			return metrics{}, err
		}
		test, okTest, err := col(rec, 7, line)
		if err != nil {
			return metrics{}, err
		}
		m.finalVal, m.finalTest = val, test
		if okVal {
			m.bestVal = max(m.bestVal, val)
		}
		if okTest {
			m.bestTest = max(m.bestTest, test)
		}
	}
	if math.IsNaN(m.finalTest) {
		return metrics{}, fmt.Errorf("metrics %s: the last row (step %d) has no test accuracy: the run did not finish", name, m.steps)
	}
	if math.IsInf(m.bestVal, -1) {
		m.bestVal = math.NaN()
	}
	return m, nil
}

func nan() float64 { return math.NaN() }

// paramCounter counts the trainable parameters of the networks of one
// recipe on the pure-Go backend (the count does not depend on the
// backend that trains them).
type paramCounter struct {
	mu      sync.Mutex
	cfg     train.Config
	h, w    int
	backend compute.Backend
	cache   map[string]int
}

// parameters returns the parameter count of genotype's network under the
// runner's recipe.
func (r *runner) parameters(genotype string) (int, error) {
	r.paramsOnce.Do(func() {
		data, err := train.LoadData(r.cfg.Data)
		if err != nil {
			r.paramsErr = fmt.Errorf("count parameters: %w", err)
			return
		}
		// Counting compiles without running, so GoMLX's default pure-Go
		// configuration will do (train.NewBackend's would print a line).
		b, err := compute.NewWithConfig("go")
		if err != nil {
			r.paramsErr = fmt.Errorf("count parameters: %w", err)
			return
		}
		cfg := r.cfg
		cfg.Network.Classes, cfg.Network.InputChannels = data.Train.Classes, data.Train.Channels
		cfg.Network.DropPath = cfg.Options.DropPath
		r.params = &paramCounter{cfg: cfg, h: data.Train.Height, w: data.Train.Width, backend: b, cache: map[string]int{}}
	})
	if r.paramsErr != nil {
		return 0, r.paramsErr
	}
	return r.params.count(genotype)
}

func (p *paramCounter) count(genotype string) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if n, ok := p.cache[genotype]; ok {
		return n, nil
	}
	spec := p.cfg.Network
	spec.Arch = genotype
	net, _, err := train.BuildNetwork(spec)
	if err != nil {
		return 0, err
	}
	nnet, ok := net.(nn.Network)
	if !ok {
		return 0, fmt.Errorf("count parameters: network %T is not an nn.Network", net)
	}
	n, err := nn.NumParameters(p.backend, nnet, p.h, p.w)
	if err != nil {
		return 0, err
	}
	p.cache[genotype] = n
	return n, nil
}
