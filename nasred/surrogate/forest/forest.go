package forest

import (
	"context"
	"errors"
	"fmt"
	"math"
	"runtime"
	"sync"
)

// node is one flattened tree node. For a split, feat holds the feature index
// in bits 0..30 and the default-left flag in bit 31, value is the threshold
// and left is the index of the left child (the right child is left+1). For a
// leaf, left is 0 and value is the leaf value.
type node struct {
	value float32
	feat  uint32
	left  int32
}

const defaultLeftBit = 1 << 31

// Forest is an immutable, flattened sum of regression trees.
type Forest struct {
	numFeature int
	base       float32
	nodes      []node
	roots      []int32
}

// NumFeature is the number of features a row must have.
func (f *Forest) NumFeature() int { return f.numFeature }

// NumTrees is the number of trees.
func (f *Forest) NumTrees() int { return len(f.roots) }

// NumNodes is the total number of nodes over all trees.
func (f *Forest) NumNodes() int { return len(f.nodes) }

// Base is the value every prediction starts from (XGBoost's base_score).
func (f *Forest) Base() float32 { return f.base }

// Tree is a tree in the node-list form XGBoost's JSON model uses: node i is
// a leaf when Left[i] == -1, then Value[i] is its leaf value; otherwise it
// splits on feature Feature[i] at threshold Value[i] with children Left[i]
// and Right[i], and missing values go left iff DefaultLeft[i]. Node 0 is the
// root.
type Tree struct {
	Left, Right []int32
	Feature     []uint32
	Value       []float32
	DefaultLeft []bool
}

// New flattens trees into a Forest. It checks that every tree is a proper
// binary tree rooted at node 0 (each node reached once, children in range,
// features below numFeature) and returns an error naming the tree and node
// otherwise.
func New(numFeature int, base float32, trees []Tree) (*Forest, error) {
	if numFeature <= 0 || numFeature >= defaultLeftBit {
		return nil, fmt.Errorf("forest: number of features %d out of range", numFeature)
	}
	f := &Forest{numFeature: numFeature, base: base, roots: make([]int32, 0, len(trees))}
	for ti, t := range trees {
		if err := f.add(t); err != nil {
			return nil, fmt.Errorf("forest: tree %d: %w", ti, err)
		}
	}
	return f, nil
}

func (f *Forest) add(t Tree) error {
	n := len(t.Left)
	if n == 0 {
		return errors.New("no nodes")
	}
	if len(t.Right) != n || len(t.Feature) != n || len(t.Value) != n || len(t.DefaultLeft) != n {
		return fmt.Errorf("node arrays differ in length (left %d, right %d, feature %d, value %d, default_left %d)",
			n, len(t.Right), len(t.Feature), len(t.Value), len(t.DefaultLeft))
	}
	if len(f.nodes)+2*n >= math.MaxInt32 {
		return errors.New("too many nodes")
	}
	seen := make([]bool, n)
	root := int32(len(f.nodes))
	f.nodes = append(f.nodes, node{})
	// Breadth-first copy: (source node, destination slot).
	type item struct{ src, dst int32 }
	queue := []item{{0, root}}
	seen[0] = true
	for len(queue) > 0 {
		it := queue[0]
		queue = queue[1:]
		i := it.src
		if t.Left[i] == -1 {
			v := t.Value[i]
			if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
				return fmt.Errorf("node %d: leaf value %v is not finite", i, v)
			}
			f.nodes[it.dst] = node{value: v}
			continue
		}
		l, r := t.Left[i], t.Right[i]
		if l <= 0 || r <= 0 || int(l) >= n || int(r) >= n || l == r {
			return fmt.Errorf("node %d: children (%d, %d) out of range [1, %d)", i, l, r, n)
		}
		if seen[l] || seen[r] {
			return fmt.Errorf("node %d: child reached twice (not a tree)", i)
		}
		seen[l], seen[r] = true, true
		if int(t.Feature[i]) >= f.numFeature {
			return fmt.Errorf("node %d: split feature %d >= number of features %d", i, t.Feature[i], f.numFeature)
		}
		if math.IsNaN(float64(t.Value[i])) {
			return fmt.Errorf("node %d: split threshold is NaN", i)
		}
		left := int32(len(f.nodes))
		f.nodes = append(f.nodes, node{}, node{})
		feat := t.Feature[i]
		if t.DefaultLeft[i] {
			feat |= defaultLeftBit
		}
		f.nodes[it.dst] = node{value: t.Value[i], feat: feat, left: left}
		queue = append(queue, item{l, left}, item{r, left + 1})
	}
	f.roots = append(f.roots, root)
	return nil
}

// leaf returns the leaf value reached by row x in the tree rooted at r.
func (f *Forest) leaf(r int32, x []float32) float32 {
	nodes := f.nodes
	n := nodes[r]
	for n.left != 0 {
		n = nodes[n.next(x[n.feat&^defaultLeftBit])]
	}
	return n.value
}

// next returns the child of split n that value v goes to.
func (n node) next(v float32) int32 {
	var right int32
	if !(v < n.value) { // also true for NaN
		right = 1
	}
	if v != v && n.feat&defaultLeftBit != 0 {
		right = 0
	}
	return n.left + right
}

// PredictRow returns the prediction for one row (len(x) >= NumFeature).
func (f *Forest) PredictRow(x []float32) float32 {
	s := f.base
	for _, r := range f.roots {
		s += f.leaf(r, x)
	}
	return s
}

// blockRows is the number of rows evaluated together per tree: large enough
// to amortise fetching a tree, small enough that the rows stay in L1 cache.
const blockRows = 64

// predictBlock predicts rows [lo, hi) of X (row-major, stride NumFeature).
// Four rows walk each tree together so that their memory accesses
// overlap; every row still adds the trees' leaves in tree order.
func (f *Forest) predictBlock(X []float32, lo, hi int, dst []float32) {
	nf := f.numFeature
	acc := dst[lo:hi]
	for i := range acc {
		acc[i] = f.base
	}
	var rows [blockRows][]float32
	for i := range acc {
		rows[i] = X[(lo+i)*nf : (lo+i+1)*nf]
	}
	nodes := f.nodes
	for _, r := range f.roots {
		root := nodes[r]
		if root.left == 0 { // a single leaf
			for i := range acc {
				acc[i] += root.value
			}
			continue
		}
		i := 0
		for ; i+4 <= len(acc); i += 4 {
			x0, x1, x2, x3 := rows[i], rows[i+1], rows[i+2], rows[i+3]
			n0, n1, n2, n3 := nodes[r], nodes[r], nodes[r], nodes[r]
			for n0.left != 0 || n1.left != 0 || n2.left != 0 || n3.left != 0 {
				if n0.left != 0 {
					n0 = nodes[n0.next(x0[n0.feat&^defaultLeftBit])]
				}
				if n1.left != 0 {
					n1 = nodes[n1.next(x1[n1.feat&^defaultLeftBit])]
				}
				if n2.left != 0 {
					n2 = nodes[n2.next(x2[n2.feat&^defaultLeftBit])]
				}
				if n3.left != 0 {
					n3 = nodes[n3.next(x3[n3.feat&^defaultLeftBit])]
				}
			}
			acc[i] += n0.value
			acc[i+1] += n1.value
			acc[i+2] += n2.value
			acc[i+3] += n3.value
		}
		for ; i < len(acc); i++ {
			acc[i] += f.leaf(r, rows[i])
		}
	}
}

// Predict writes the prediction of every row of X (row-major, NumFeature
// columns) to dst, using up to runtime.GOMAXPROCS goroutines. It checks ctx
// between blocks of rows.
func (f *Forest) Predict(ctx context.Context, X []float32, dst []float32) error {
	nf := f.numFeature
	if len(X)%nf != 0 {
		return fmt.Errorf("forest: feature matrix has %d values, not a multiple of %d features", len(X), nf)
	}
	n := len(X) / nf
	if len(dst) != n {
		return fmt.Errorf("forest: destination has %d slots for %d rows", len(dst), n)
	}
	workers := runtime.GOMAXPROCS(0)
	nblocks := (n + blockRows - 1) / blockRows
	if workers > nblocks {
		workers = nblocks
	}
	if workers <= 1 {
		for lo := 0; lo < n; lo += blockRows {
			if err := ctx.Err(); err != nil {
				return err
			}
			f.predictBlock(X, lo, min(lo+blockRows, n), dst)
		}
		return nil
	}
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		next int
	)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				if ctx.Err() != nil {
					return
				}
				mu.Lock()
				b := next
				next++
				mu.Unlock()
				if b >= nblocks {
					return
				}
				lo := b * blockRows
				f.predictBlock(X, lo, min(lo+blockRows, n), dst)
			}
		}()
	}
	wg.Wait()
	return ctx.Err()
}

// Trees returns the forest's trees in node-list form (breadth-first node
// order), e.g. for serialisation. New(NumFeature(), Base(), Trees())
// rebuilds an identical forest.
func (f *Forest) Trees() []Tree {
	out := make([]Tree, len(f.roots))
	for ti, r := range f.roots {
		var t Tree
		// Map flattened indices to local ones, breadth first.
		queue := []int32{r}
		local := map[int32]int32{r: 0}
		for len(queue) > 0 {
			gi := queue[0]
			queue = queue[1:]
			nd := f.nodes[gi]
			li := local[gi]
			for int(li) >= len(t.Left) {
				t.Left = append(t.Left, -1)
				t.Right = append(t.Right, -1)
				t.Feature = append(t.Feature, 0)
				t.Value = append(t.Value, 0)
				t.DefaultLeft = append(t.DefaultLeft, false)
			}
			t.Value[li] = nd.value
			if nd.left == 0 {
				continue
			}
			t.Feature[li] = nd.feat &^ defaultLeftBit
			t.DefaultLeft[li] = nd.feat&defaultLeftBit != 0
			for k, c := range []int32{nd.left, nd.left + 1} {
				lc := int32(len(local))
				local[c] = lc
				if k == 0 {
					t.Left[li] = lc
				} else {
					t.Right[li] = lc
				}
				queue = append(queue, c)
			}
		}
		out[ti] = t
	}
	return out
}
