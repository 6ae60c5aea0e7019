package search

import (
	"context"
	"slices"
	"testing"
)

func TestRelated(t *testing.T) {
	ix := newTestIndex(t)
	apply(t, ix,
		question(1, "Outlook keeps asking for my password", "Since Monday it asks every hour.", tags("outlook", "single-sign-on")),
		question(2, "Mail client prompts for credentials again and again", "Each morning.", tags("outlook")),
		question(3, "Outlook password prompt loops", "Typed it many times.", accepted("Clear the cached credentials.", 4)),
		question(4, "Printer toner empty", "Where do I get toner?", tags("printer")),
		question(5, "SSO login fails in the browser", "Error page after the redirect.", tags("single-sign-on")),
		question(6, "Password prompt after the Outlook update", "Same here.", dupOf(1)),
	)
	apply(t, ix, filler(100, 40)...)
	ctx := context.Background()
	hits, err := ix.Related(ctx, "Outlook keeps asking for my password", []string{"outlook", "single-sign-on"}, 8, 1)
	if err != nil {
		t.Fatal(err)
	}
	got := hitIDs(hits)
	for _, want := range []int64{2, 3, 5} { // 2 and 5 share only a tag
		if !slices.Contains(got, want) {
			t.Errorf("got %v, want %d among them", got, want)
		}
	}
	if slices.Contains(got, 1) || slices.Contains(got, 4) {
		t.Errorf("got %v: the question itself or an unrelated one", got)
	}
	if hits, err := ix.Related(ctx, "Outlook keeps asking for my password", []string{"outlook", "single-sign-on"}, 2, 1); err != nil || len(hits) != 2 {
		t.Errorf("limit 2: got %v, %v", hitIDs(hits), err)
	}
	// Tags are words to it, never patterns: a tag of wildcard characters
	// or a title of them finds nothing rather than everything.
	if hits, err := ix.Related(ctx, "* ? ~", []string{"*", "prin*"}, 8, 0); err != nil || len(hits) > 0 {
		t.Errorf("patterns: got %v, %v", hitIDs(hits), err)
	}
}
