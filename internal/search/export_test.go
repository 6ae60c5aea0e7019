package search

import (
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/token/porter"
	"github.com/blevesearch/bleve/v2/analysis/token/stop"
	"github.com/blevesearch/bleve/v2/analysis/tokenmap"
	"github.com/blevesearch/bleve/v2/registry"
)

// EnglishFilters returns the English filter and the chain of Bleve's
// filters it replaces, built from their registered names as the index
// mapping named them before (stackdesk-search-6), for the test that
// compares them.
func EnglishFilters() (fused, reference analysis.TokenFilter, err error) {
	f, err := newEnglishFilter(registry.NewCache())
	if err != nil {
		return nil, nil, err
	}
	c := registry.NewCache()
	if _, err := c.DefineTokenMap("de_only", map[string]any{
		"type": tokenmap.Name, "tokens": germanOnlyStopWords,
	}); err != nil {
		return nil, nil, err
	}
	if _, err := c.DefineTokenFilter("de_only", map[string]any{
		"type": stop.Name, "stop_token_map": "de_only",
	}); err != nil {
		return nil, nil, err
	}
	var chain chainFilter
	for _, name := range []string{en.PossessiveName, lowercase.Name, sharpSFilterName, en.StopName, "de_only", umlautFilterName, porter.Name} {
		tf, err := c.TokenFilterNamed(name)
		if err != nil {
			return nil, nil, err
		}
		chain = append(chain, tf)
	}
	return f, chain, nil
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
