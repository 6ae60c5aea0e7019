package seed_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"stackdesk/internal/search/engine"
	"stackdesk/internal/seed"
	"stackdesk/internal/store/storetest"
)

// TestSimilarTitlesAreStrictOnTheDemoSite: the Ask page's suggestions under
// the title (GET /questions/similar) list only questions that share the
// title's telling words, as Get help and Related questions do: fewer
// suggestions rather than ones padded with questions that share a common
// word ("pages", "not") with it. A typo of a telling word still finds its
// question, ranked first.
func TestSimilarTitlesAreStrictOnTheDemoSite(t *testing.T) {
	st := storetest.SQLite(t)
	ctx := context.Background()
	d := demoDeps(st)
	d.Help = nil
	if _, err := seed.Demo(ctx, d); err != nil {
		t.Fatal(err)
	}
	eng := engine.New(st, t.TempDir(), nil, time.Now)
	if err := eng.Open(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { eng.Close() })

	titles := func(title string) []string {
		items, err := eng.Similar(ctx, title, "", 5, 0)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, it := range items {
			out = append(out, it.Post.Title)
		}
		return out
	}
	unrelated := []string{"VPN", "phishing", "git clone", "BitLocker", "mailbox"}
	for _, title := range []string{"printer prints blank pages", "prnter blank pages", "Printer on floor 2 prints blank pages"} {
		got := titles(title)
		t.Logf("%q: %q", title, got)
		if len(got) == 0 || !strings.Contains(got[0], "Drucker") && !strings.Contains(strings.ToLower(got[0]), "print") {
			t.Errorf("%q: suggested %q, want the printer question first", title, got)
		}
		for _, s := range got {
			for _, bad := range unrelated {
				if strings.Contains(s, bad) {
					t.Errorf("%q: suggested %q, which shares no telling word with it", title, s)
				}
			}
		}
	}
}
