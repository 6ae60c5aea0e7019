package web_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestTagLinksWithPunctuation follows the links of tags whose names hold
// characters with a meaning in URLs or outside ASCII: "c#" must not end at
// "/tags/c", an escaped "c++" must find its tag, and so must "bürodrucker".
func TestTagLinksWithPunctuation(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	_, tok := env.SignUp(t, "ada")
	id := env.Ask(t, tok, "Build fails after the compiler update", "c#", "c++", ".net", "Bürodrucker")
	b := newBrowser(env)
	page := b.get(t, fmt.Sprintf("/questions/%d", id))
	contains(t, page, `href="/tags/b%C3%BCrodrucker"`, `href="/tags/c%23"`, `href="/tags/c&#43;&#43;"`, `href="/tags/.net"`) // &#43; is "+"
	for path, name := range map[string]string{"/tags/c%23": "c#", "/tags/c%2B%2B": "c++", "/tags/c++": "c++", "/tags/.net": ".net", "/tags/b%C3%BCrodrucker": "bürodrucker"} {
		res := b.get(t, path)
		if res.Status != http.StatusOK {
			t.Fatalf("%s: %d", path, res.Status)
		}
		contains(t, res, "<h1", strings.ReplaceAll(name, "+", "&#43;") /* as html/template writes it */, "Build fails after the compiler update")
	}
	if res := env.API(t, "GET", "/tags/c%23/experts", "", nil); res.Status != http.StatusOK {
		t.Fatalf("experts of c#: %d %s", res.Status, res.Body)
	}
}
