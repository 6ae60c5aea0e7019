package search

import (
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// testNow is the clock of test indexes.
var testNow = time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)

// newTestIndex creates an empty index in a temporary folder, closed when
// the test ends.
func newTestIndex(t testing.TB) *Index {
	t.Helper()
	ix, err := Create(filepath.Join(t.TempDir(), "index"))
	if err != nil {
		t.Fatal(err)
	}
	ix.SetClock(func() time.Time { return testNow })
	t.Cleanup(func() { _ = ix.Close() })
	return ix
}

// question builds a Document with sensible defaults; opts adjust it.
func question(id int64, title, body string, opts ...func(*Document)) Document {
	d := Document{
		ID: id, Title: title, Body: body, AuthorID: 1,
		Created:      testNow.AddDate(0, -1, 0),
		LastActivity: testNow.AddDate(0, -1, 0),
	}
	for _, o := range opts {
		o(&d)
	}
	return d
}

// Options for question.
func tags(t ...string) func(*Document) { return func(d *Document) { d.Tags = t } }
func author(id int64) func(*Document)  { return func(d *Document) { d.AuthorID = id } }
func score(n int) func(*Document)      { return func(d *Document) { d.Score = n } }
func closed() func(*Document)          { return func(d *Document) { d.Closed = true } }
func dupOf(id int64) func(*Document) {
	return func(d *Document) { d.Closed, d.DuplicateOf = true, id }
}
func created(t time.Time) func(*Document) {
	return func(d *Document) { d.Created, d.LastActivity = t, t }
}
func activity(t time.Time) func(*Document) { return func(d *Document) { d.LastActivity = t } }
func accepted(text string, sc int) func(*Document) {
	return func(d *Document) {
		d.Accepted, d.HasAccepted, d.AnswerScore = text, true, sc
		d.AnswerCount = max(d.AnswerCount, 1)
	}
}
func answers(n, best int, text string) func(*Document) {
	return func(d *Document) { d.AnswerCount, d.AnswerScore, d.Answers = n, best, text }
}

// apply indexes docs or fails the test.
func apply(t testing.TB, ix *Index, docs ...Document) {
	t.Helper()
	if err := ix.Apply(docs, nil, 1); err != nil {
		t.Fatal(err)
	}
}

// hitIDs lists the IDs of hits in order.
func hitIDs(hits []Hit) []int64 {
	out := make([]int64, 0, len(hits))
	for _, h := range hits {
		out = append(out, h.ID)
	}
	return out
}

// sameSet reports whether a and b hold the same IDs in any order.
func sameSet(a, b []int64) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}
