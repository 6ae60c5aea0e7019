package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestSearchShowsResultsForTheCorrection: tried as a new user would, a
// search with a typo says which words it showed results for, as the
// questions spell them, and offers the search as typed; that link searches
// the words as typed (none found), keeps it so across the sorts and says
// nothing of a correction. A word read as a term no stored text shows is
// named as typed, with no corrected query (a stem is no word to show), and
// the search as typed is offered still.
func TestSearchShowsResultsForTheCorrection(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	_, tok := env.SignUp(t, "ada")
	env.Ask(t, tok, "VPN disconnects every ten minutes", "vpn", "windows")
	// The word comes past what is read of a question's stored text for
	// the spelling of a word (search.surfaceScanBytes), and only a body
	// holds it.
	if res := env.API(t, "POST", "/questions", tok, map[string]any{"title": "Wiki page for the office",
		"body": strings.Repeat("Lorem ipsum dolor sit amet, consectetur. ", 120) + "The scanner fails.", "tags": []string{"wiki"}}); res.Status != http.StatusCreated {
		t.Fatalf("ask: %d %s", res.Status, res.Body)
	}
	env.Searchable(t)
	b := newBrowser(env)
	b.get(t, "/search?q=vpn") // a visitor's first search is not counted; the links below carry the session
	session := regexp.MustCompile(`help=[0-9]+&amp;`)
	get := func(target string, header ...string) *testkit.Response {
		t.Helper()
		res := b.get(t, target, header...)
		res.Body = session.ReplaceAll(res.Body, nil)
		return res
	}

	res := get("/search?q=" + url.QueryEscape("vpn disconects") + "&sort=votes")
	contains(t, res, "1 result",
		`Showing results for <a href="/search?q=vpn&#43;disconnects&amp;sort=votes"><strong dir="auto">vpn disconnects</strong></a>. Search instead for <a href="/search?exact=1&amp;q=vpn&#43;disconects&amp;sort=votes" dir="auto">vpn disconects</a>.`)

	res = get("/search?exact=1&q=" + url.QueryEscape("vpn disconects") + "&sort=votes")
	contains(t, res, "0 results", `value="vpn disconects"`, `href="?exact=1&amp;q=vpn&#43;disconects&amp;sort=newest"`)
	if strings.Contains(string(res.Body), `id="corrected"`) {
		t.Errorf("the search as typed says it was corrected:\n%s", res.Body)
	}
	res = get("/search?exact=1&q=" + url.QueryEscape("vpn disconects"))
	contains(t, res, "1 result")
	if strings.Contains(string(res.Body), "<mark>disconnects</mark>") {
		t.Error("the search as typed marks the word the typo was read as")
	}

	res = get("/search?q=" + url.QueryEscape("office scannner"))
	contains(t, res, "1 result",
		`Words no question holds were searched as the nearest word some question holds: <code>scannner</code>. Search instead for <a href="/search?exact=1&amp;q=office&#43;scannner" dir="auto">office scannner</a>.`)
	if strings.Contains(string(res.Body), "Showing results for") {
		t.Errorf("a correction with no word to show is shown:\n%s", res.Body)
	}
	res = get("/search?q="+url.QueryEscape("office scannner"), "Accept-Language", "de-DE,de;q=0.9")
	contains(t, res, `Suchen Sie stattdessen nach <a href="/search?exact=1&amp;q=office&#43;scannner" dir="auto">office scannner</a>.`)
}
