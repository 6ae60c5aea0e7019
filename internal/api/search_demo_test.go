package api_test

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"testing"

	"stackdesk/internal/seed"
	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestTypoKeepsTheTagMatchOnTheDemoSite: on the demo site, a typo of a
// word that names a tag finds what the word finds, the tag match
// included: "pritner" lists the same questions as "printer" (among them
// the German question found only through its tag printer), and the
// similar questions for "prnter blank pages" include that German
// question, as they do for "printer blank pages" (the README's examples).
func TestTypoKeepsTheTagMatchOnTheDemoSite(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	a := env.App
	if _, err := seed.Demo(context.Background(), seed.DemoDeps{Auth: a.Auth, QA: a.QA, Rep: a.Rep, Store: a.Store}); err != nil {
		t.Fatal(err)
	}
	env.Searchable(t)
	const german = "Drucker im 3. OG druckt nur leere Seiten"

	titles := func(path string) []string {
		t.Helper()
		res := env.API(t, "GET", path, "", nil)
		if res.Status != http.StatusOK {
			t.Fatalf("%s: %d %s", path, res.Status, res.Body)
		}
		var out struct{ Items []struct{ Title string } }
		res.JSON(t, &out)
		var ts []string
		for _, it := range out.Items {
			ts = append(ts, it.Title)
		}
		return ts
	}

	want := titles("/search?q=printer")
	if !slices.Contains(want, german) {
		t.Fatalf("printer: %q, want the German question tagged printer among them", want)
	}
	if got := titles("/search?q=pritner"); !slices.Equal(got, want) {
		t.Errorf("pritner: %q, want as for printer: %q", got, want)
	}

	if got := titles("/questions/similar?title=" + url.QueryEscape("printer blank pages")); !slices.Contains(got, german) {
		t.Fatalf("similar to printer blank pages: %q, want the German question tagged printer among them", got)
	}
	if got := titles("/questions/similar?title=" + url.QueryEscape("prnter blank pages")); !slices.Contains(got, german) {
		t.Errorf("similar to prnter blank pages: %q, want the German question tagged printer among them", got)
	}
}
