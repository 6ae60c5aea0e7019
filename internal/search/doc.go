// Package search is Stackdesk's full-text index of questions: the Bleve
// mapping and its English and German analyzers, the search-box query
// language, relevance ranking, similar questions, snippets and facets.
//
// The index is a derived projection of the database. The outbox indexer
// (written elsewhere) feeds it through Apply and stores its high-water mark
// in the same batch; when Open reports ErrRebuild the caller rebuilds into a
// fresh folder with Create and swaps it in with SwapIn.
package search

import "time"

// Document is what the index holds for one question (answers folded in).
type Document struct {
	ID           int64
	Title        string
	Body         string   // plain text of the question body (Markdown/HTML already stripped by the caller)
	Answers      string   // plain text of the answers that are not accepted, joined
	Accepted     string   // plain text of the accepted answer ("" if none)
	Tags         []string // lower-case tag names
	AuthorID     int64
	Score        int
	AnswerCount  int
	AnswerScore  int // best answer score
	HasAccepted  bool
	Closed       bool
	DuplicateOf  int64 // 0 unless closed as a duplicate of another question
	Created      time.Time
	LastActivity time.Time
}
