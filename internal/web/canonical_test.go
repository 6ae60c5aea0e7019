package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"testing"

	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestOneAddressPerPage checks a question or user reached by a mistyped or
// outdated slug is sent to its one address, which the page names.
func TestOneAddressPerPage(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	uid, ada := env.SignUp(t, "ada")
	q := env.Ask(t, ada, "Drucker druckt leere Seiten über WLAN", "printer")
	b := newBrowser(env)
	want := fmt.Sprintf("/questions/%d/drucker-druckt-leere-seiten-ueber-wlan", q)
	for _, path := range []string{fmt.Sprintf("/questions/%d/wrong-slug?page=2", q), fmt.Sprintf("/questions/%d/drucker", q), fmt.Sprintf("/questions/0%d", q)} {
		res := b.get(t, path)
		loc := res.Header.Get("Location")
		if res.Status != http.StatusMovedPermanently || (loc != want && loc != want+"?page=2") {
			t.Fatalf("%s: %d %q, want %s", path, res.Status, loc, want)
		}
	}
	for _, path := range []string{want, fmt.Sprintf("/questions/%d", q)} {
		res := b.get(t, path)
		if res.Status != http.StatusOK {
			t.Fatalf("%s: %d", path, res.Status)
		}
		contains(t, res, `<link rel="canonical" href="`+want+`">`)
	}
	for _, path := range []string{fmt.Sprintf("/users/%d/someone-else", uid), fmt.Sprintf("/users/00%d", uid)} {
		res := b.get(t, path)
		if loc := res.Header.Get("Location"); res.Status != http.StatusMovedPermanently || loc != fmt.Sprintf("/users/%d/ada", uid) {
			t.Fatalf("user %s: %d %q", path, res.Status, loc)
		}
	}
	// A link from before apostrophes joined their letters still reaches the question.
	won := env.Ask(t, ada, "Outlook won't start after the update", "outlook")
	wantWon := fmt.Sprintf("/questions/%d/outlook-wont-start-after-the-update", won)
	if res := b.get(t, fmt.Sprintf("/questions/%d/outlook-won-t-start-after-the-update", won)); res.Status != http.StatusMovedPermanently || res.Header.Get("Location") != wantWon {
		t.Fatalf("old slug: %d %q, want %s", res.Status, res.Header.Get("Location"), wantWon)
	}
	if res := b.get(t, wantWon); res.Status != http.StatusOK {
		t.Fatalf("%s: %d", wantWon, res.Status)
	}
	// A trailing slash leads to the address without it; a write keeps its
	// method (308), so a client cannot turn a POST into a GET of a list.
	if res := b.get(t, "/questions/"); res.Status != http.StatusMovedPermanently || res.Header.Get("Location") != "/questions" {
		t.Fatalf("GET /questions/: %d %q", res.Status, res.Header.Get("Location"))
	}
	if res := env.API(t, "POST", "/questions/", ada, map[string]any{}); res.Status != http.StatusPermanentRedirect || res.Header.Get("Location") != "/api/v1/questions" {
		t.Fatalf("POST /api/v1/questions/: %d %q", res.Status, res.Header.Get("Location"))
	}
}

// TestFormsReturnToTheCanonicalAddress: posting an answer, a comment, a
// vote or an acceptance from a question's page returns to the question's
// one address, with its slug, at the post or comment just touched.
func TestFormsReturnToTheCanonicalAddress(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	_, ada := env.SignUp(t, "ada")
	env.SignUp(t, "bob")
	q := env.Ask(t, ada, "Drucker druckt leere Seiten über WLAN", "printer")
	want := fmt.Sprintf("/questions/%d/drucker-druckt-leere-seiten-ueber-wlan", q)
	bob, asker := newBrowser(env), newBrowser(env)
	bob.logIn(t, "bob")
	asker.logIn(t, "ada")
	res := bob.post(t, want, fmt.Sprintf("/questions/%d/answers", q), url.Values{"body": {"Der Treiber über WLAN ist alt: installieren Sie den aus dem Softwarecenter."}})
	var a int64
	if _, err := fmt.Sscanf(res.Header.Get("Location"), want+"#answer-%d", &a); res.Status != http.StatusSeeOther || err != nil {
		t.Fatalf("answer: %d %q, want %s#answer-N", res.Status, res.Header.Get("Location"), want)
	}
	for _, on := range []int64{q, a} {
		res = bob.post(t, want, fmt.Sprintf("/posts/%d/comments", on), url.Values{"body": {"Welches Druckermodell ist es genau?"}})
		if loc := res.Header.Get("Location"); res.Status != http.StatusSeeOther || !regexp.MustCompile(`^`+regexp.QuoteMeta(want)+`#comment-\d+$`).MatchString(loc) {
			t.Fatalf("comment on %d: %d %q, want %s#comment-N", on, res.Status, loc, want)
		}
	}
	res = asker.post(t, want, fmt.Sprintf("/posts/%d/vote", a), url.Values{"value": {"1"}})
	if loc := res.Header.Get("Location"); res.Status != http.StatusSeeOther || loc != fmt.Sprintf("%s#answer-%d", want, a) {
		t.Fatalf("vote: %d %q", res.Status, loc)
	}
	res = asker.post(t, want, fmt.Sprintf("/answers/%d/accept", a), url.Values{"accept": {"true"}})
	if loc := res.Header.Get("Location"); res.Status != http.StatusSeeOther || loc != fmt.Sprintf("%s#answer-%d", want, a) {
		t.Fatalf("accept: %d %q", res.Status, loc)
	}
	// Saving an edit returns to the address of the title as edited.
	edit := fmt.Sprintf("/posts/%d/edit", q)
	res = asker.post(t, edit, edit, url.Values{"title": {"Drucker im 3. OG druckt leere Seiten über WLAN"}, "tags": {"printer"}, "revision": {"1"},
		"body": {"Seit gestern druckt der Drucker im 3. OG über WLAN nur leere Seiten."}})
	if loc := res.Header.Get("Location"); res.Status != http.StatusSeeOther || loc != fmt.Sprintf("/questions/%d/drucker-im-3-og-druckt-leere-seiten-ueber-wlan#post-%d", q, q) {
		t.Fatalf("edit: %d %q", res.Status, loc)
	}
}

// TestOneAddressPerTag: a tag reached by a name in another case or form
// (/tags/VPN, ?tag=VPN) is sent to its one address, keeping the query; an
// unknown name is not sent anywhere, but answered as missing.
func TestOneAddressPerTag(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		_, ada := env.SignUp(t, "ada")
		env.Ask(t, ada, "VPN certificate expired this morning", "vpn", "bürodrucker")
		b := newBrowser(env)
		for path, want := range map[string]string{
			"/tags/VPN":                              "/tags/vpn",
			"/tags/%20Vpn?sort=votes&page=2":         "/tags/vpn?sort=votes&page=2",
			"/tags/B%C3%BCrodrucker":                 "/tags/b%C3%BCrodrucker",
			"/tags/bu%CC%88rodrucker":                "/tags/b%C3%BCrodrucker", // ü as u and a combining mark
			"/questions?tag=VPN":                     "/questions?tag=vpn",
			"/questions?sort=votes&tag=VPN&page=2":   "/questions?sort=votes&tag=vpn&page=2",
			"/questions?tag=B%C3%BCrodrucker&sort=x": "/questions?tag=b%C3%BCrodrucker&sort=x",
		} {
			res := b.get(t, path)
			if loc := res.Header.Get("Location"); res.Status != http.StatusMovedPermanently || loc != want {
				t.Fatalf("%s: %d %q, want 301 to %s", path, res.Status, loc, want)
			}
			if res := b.get(t, want); res.Status != http.StatusOK {
				t.Fatalf("%s: %d", want, res.Status)
			}
		}
		for _, path := range []string{"/tags/VPNX", "/questions?tag=VPNX"} {
			if res := b.get(t, path); res.Status != http.StatusNotFound {
				t.Fatalf("%s: %d, want 404", path, res.Status)
			}
		}
	})
}
