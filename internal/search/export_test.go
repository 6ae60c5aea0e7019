package search

import (
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"
)

// EnglishFilters returns the English filter and the chain of Bleve's own
// filters it replaces, for the test that compares them.
func EnglishFilters() (fused, reference analysis.TokenFilter, err error) {
	f, err := newEnglishFilter(registry.NewCache())
	if err != nil {
		return nil, nil, err
	}
	return f, chainFilter(f.chain), nil
}

// chainFilter applies filters in order.
type chainFilter []analysis.TokenFilter

func (c chainFilter) Filter(in analysis.TokenStream) analysis.TokenStream {
	for _, f := range c {
		in = f.Filter(in)
	}
	return in
}

// Tokenize splits text with the index's word tokenizer.
func Tokenize(text []byte) analysis.TokenStream { return wordTokenizer{}.Tokenize(text) }
