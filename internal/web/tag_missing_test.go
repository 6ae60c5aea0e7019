package web_test

import (
	"net/http"
	"strings"
	"testing"

	"stackdesk/internal/testkit"
)

// TestMissingTagIsNotFound: a tag name that no tag has is a 404 that says
// so and offers the tags that start the same way and the tag list, on the
// question list and on the tag's page alike; a name no tag could have
// (spaces, slashes, too long, markup) is a clean 404 that does not repeat
// it. The API's question list answers such a tag with a 404 error too,
// where it once answered an empty list.
func TestMissingTagIsNotFound(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		_, tok := env.SignUp(t, "ada")
		env.Ask(t, tok, "VPN certificate expired this morning", "vpn", "vpn-client")
		b := newBrowser(env)

		for _, path := range []string{"/questions?tag=vpnx", "/questions?tag=VPNX", "/tags/vpnx", "/questions?sort=votes&tag=vpnx&page=2"} {
			res := b.get(t, path)
			if res.Status != http.StatusNotFound {
				t.Fatalf("%s: %d, want 404", path, res.Status)
			}
			contains(t, res, "There is no tag named “vpnx”.", "Tags with similar names:",
				`href="/tags/vpn"`, `href="/tags/vpn-client"`, `href="/tags?filter=vpn"`, `<meta name="robots" content="noindex`)
		}
		// Nothing starts like it: the list of all tags.
		res := b.get(t, "/questions?tag=zzzz")
		if res.Status != http.StatusNotFound {
			t.Fatalf("unknown tag with no similar one: %d", res.Status)
		}
		contains(t, res, "There is no tag named “zzzz”.", `href="/tags">All tags</a>`)
		if strings.Contains(string(res.Body), "Tags with similar names") {
			t.Fatalf("similar tags offered where there are none:\n%s", res.Body)
		}
		// A typo, or a part of a name, finds the tag too.
		env.Ask(t, tok, "Printer prints blank pages over Wi-Fi", "printer")
		for _, path := range []string{"/tags/pirnter", "/questions?tag=rinter"} {
			res := b.get(t, path)
			if res.Status != http.StatusNotFound {
				t.Fatalf("%s: %d, want 404", path, res.Status)
			}
			contains(t, res, "Tags with similar names:", `href="/tags/printer"`, `href="/tags">All tags</a>`)
		}
		// A right-to-left name keeps to itself in the sentence.
		contains(t, b.get(t, "/tags/%D7%A9%D7%9C%D7%95%D7%9D"), "There is no tag named “\u2068שלום\u2069”.")
		// In German too.
		contains(t, b.get(t, "/tags/vpnx", "Accept-Language", "de"), "Es gibt kein Tag namens „vpnx“.", "Tags mit ähnlichen Namen:")

		// Names no tag could have: a clean 404 that does not repeat them.
		long := strings.Repeat("x", 300)
		for _, path := range []string{"/tags/foo%20bar", "/tags/a%2Fb", "/tags/" + long, "/tags/%3Cmarquee%3E", "/questions?tag=" + long, "/questions?tag=foo+bar"} {
			res := b.get(t, path)
			if res.Status != http.StatusNotFound {
				t.Fatalf("%s: %d, want 404", path, res.Status)
			}
			main := string(res.Body)[strings.Index(string(res.Body), "<main"):strings.Index(string(res.Body), "</main>")]
			if strings.Contains(main, long) || strings.Contains(main, "foo bar") || strings.Contains(main, "marquee") {
				t.Fatalf("%s: the page repeats the name:\n%s", path, main)
			}
		}
		contains(t, b.get(t, "/tags/foo%20bar"), "No tag is named like that")

		// The tag exists: the list as before.
		if res := b.get(t, "/questions?tag=vpn"); res.Status != http.StatusOK {
			t.Fatalf("known tag: %d", res.Status)
		}

		// The API: a precise 404 instead of an empty list.
		for q, msg := range map[string]string{
			"vpnx":    "There is no tag named “vpnx”.",
			"foo%20b": "No tag is named like that",
		} {
			res := env.API(t, "GET", "/questions?tag="+q, "", nil)
			var e struct {
				Error struct{ Code, Message string }
			}
			res.JSON(t, &e)
			if res.Status != http.StatusNotFound || e.Error.Code != "not_found" || !strings.HasPrefix(e.Error.Message, msg) {
				t.Fatalf("API list tagged %s: %d %s", q, res.Status, res.Body)
			}
		}
		if res := env.API(t, "GET", "/questions?tag=vpn", "", nil); res.Status != http.StatusOK || res.Map(t)["total"].(float64) != 1 {
			t.Fatalf("API list of a known tag: %d %s", res.Status, res.Body)
		}
		// And its document says so.
		var doc struct {
			Paths map[string]map[string]struct{ Responses map[string]any }
		}
		env.API(t, "GET", "/openapi.json", "", nil).JSON(t, &doc)
		if doc.Paths["/questions"]["get"].Responses["404"] == nil {
			t.Fatalf("the OpenAPI document has no 404 for listing questions: %v", doc.Paths["/questions"]["get"].Responses)
		}
	})
}
