package search

import (
	"fmt"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2/registry"
)

// TestEnglishFilterCacheBound fills the word cache past its bound: it
// starts afresh, stays bounded, and its answers stay right.
func TestEnglishFilterCacheBound(t *testing.T) {
	f, err := newEnglishFilter(registry.NewCache())
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for i := range maxCachedWords + 1000 {
		fmt.Fprintf(&b, "printing%d ", i)
	}
	b.WriteString("printing printers the")
	toks := f.Filter(wordTokenizer{}.Tokenize([]byte(b.String())))
	if n := len(f.cache); n > maxCachedWords || n == 0 {
		t.Errorf("cache holds %d words, bound %d", n, maxCachedWords)
	}
	if len(toks) != maxCachedWords+1002 {
		t.Fatalf("%d tokens", len(toks))
	}
	if got := string(toks[7].Term); got != "printing7" {
		t.Errorf("token 7 = %q", got)
	}
	if got := string(toks[len(toks)-2].Term) + " " + string(toks[len(toks)-1].Term); got != "print printer" {
		t.Errorf("last tokens = %q", got)
	}
}
