package api_test

import (
	"net/http"
	"net/url"
	"slices"
	"testing"

	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestSearchReadsTyposOfWordsWithSuffixes: through the API, a one-letter
// typo of a word with a suffix ("moderaton", "electoin") is searched as
// that word and says so, "electon" is election rather than electronics,
// the ask page's similar questions read the title's typo the same way, and
// a German word typed without its umlaut finds the word with it.
func TestSearchReadsTyposOfWordsWithSuffixes(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	_, tok := env.SignUp(t, "ada")
	moderation := env.Ask(t, tok, "How does moderation work on this site?", "meta")
	env.Ask(t, tok, "What happens to a disputed flag?", "meta")
	election := env.Ask(t, tok, "When is the next board election?", "meta")
	env.Ask(t, tok, "Which electronics shop do you recommend?", "shopping")
	drucker := env.Ask(t, tok, "Der Bürodrucker druckt nur leere Seiten", "drucker")
	env.Searchable(t)

	type result struct {
		Items  []struct{ ID int64 }
		Parsed struct {
			NearWords []string `json:"near_words"`
			NearAs    []string `json:"near_as"`
			Corrected string
		}
	}
	get := func(path string) result {
		t.Helper()
		res := env.API(t, "GET", path, "", nil)
		if res.Status != http.StatusOK {
			t.Fatalf("%s: %d %s", path, res.Status, res.Body)
		}
		var r result
		res.JSON(t, &r)
		return r
	}
	ids := func(r result) []int64 {
		var out []int64
		for _, it := range r.Items {
			out = append(out, it.ID)
		}
		return out
	}
	for _, tt := range []struct {
		q, as string
		want  int64
	}{
		{"moderaton", "moderation", moderation},
		{"electoin", "election", election},
		{"electon", "election", election},
	} {
		r := get("/search?q=" + url.QueryEscape(tt.q))
		if !slices.Equal(ids(r), []int64{tt.want}) || !slices.Equal(r.Parsed.NearAs, []string{tt.as}) || r.Parsed.Corrected != tt.as {
			t.Errorf("%s: %v near_as %q corrected %q, want [%d] as %s", tt.q, ids(r), r.Parsed.NearAs, r.Parsed.Corrected, tt.want, tt.as)
		}
	}
	if r := get("/questions/similar?title=" + url.QueryEscape("How to become a moderaton")); len(r.Items) == 0 || r.Items[0].ID != moderation {
		t.Errorf("similar to How to become a moderaton: %v, want %d first", ids(r), moderation)
	}
	if r := get("/search?q=burodrucker"); !slices.Equal(ids(r), []int64{drucker}) || len(r.Parsed.NearWords) != 0 {
		t.Errorf("burodrucker: %v near %q, want [%d] as typed", ids(r), r.Parsed.NearWords, drucker)
	}
}
