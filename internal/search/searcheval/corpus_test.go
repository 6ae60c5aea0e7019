package searcheval

import (
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"
)

// TestSamplerDraw checks that the guided search of draw picks exactly the
// item a plain search of the cumulative counts picks.
func TestSamplerDraw(t *testing.T) {
	for _, n := range []int{1, 2, 3, 1000, 200000} {
		counts := map[string]int{}
		r := rand.New(rand.NewPCG(1, uint64(n)))
		for i := range n {
			counts["w"+strconv.Itoa(i)] = 1 + int(r.ExpFloat64()*float64(1+i%97))
		}
		s := newSampler(counts)
		for range 100000 {
			seed := r.Uint64()
			a, b := rand.New(rand.NewPCG(seed, 0)), rand.New(rand.NewPCG(seed, 0))
			got := s.draw(a)
			x := b.Uint64N(s.cum[len(s.cum)-1])
			i, _ := slices.BinarySearch(s.cum, x+1)
			if want := s.items[i]; got != want {
				t.Fatalf("%d items: draw = %q, want %q (x = %d)", n, got, want, x)
			}
		}
	}
}
