package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"testing"

	"stackdesk/internal/auth"
	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestStackExchangeAddressesLead checks the addresses imported posts link
// to: an answer's id under /questions/, the short /q/ and /a/ links, and
// /questions/tagged/ lead to the post or tag here; unknown ids stay 404s.
func TestStackExchangeAddressesLead(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	_, ada := env.SignUp(t, "ada")
	q := env.Ask(t, ada, "VPN drops every ten minutes", "vpn")
	a := env.Answer(t, ada, q, "Turn off the power saving of the network adapter in the device manager.")
	qs, as := strconv.FormatInt(q, 10), strconv.FormatInt(a, 10)
	b := newBrowser(env)
	for path, want := range map[string]string{
		"/questions/" + as:                 "/questions/" + qs + "#answer-" + as,
		"/questions/" + as + "/some-title": "/questions/" + qs + "#answer-" + as,
		"/a/" + as + "/17":                 "/questions/" + qs + "#answer-" + as,
		"/a/" + as:                         "/questions/" + qs + "#answer-" + as,
		"/q/" + qs + "/17":                 "/questions/" + qs + "/vpn-drops-every-ten-minutes",
		"/questions/tagged/vpn":            "/tags/vpn",
		"/questions/tagged/vpn+windows":    "/search?q=%5Bvpn%5D+%5Bwindows%5D",
		"/questions/tagged/c%2B%2B":        "/tags/c++",
		"/questions/tagged/c%2B%2B%20vpn":  "/search?q=%5Bc%2B%2B%5D+%5Bvpn%5D",
		"/questions/tagged/%C3%BCber":      "/tags/%C3%BCber",
	} {
		res := b.get(t, path)
		if res.Status != http.StatusMovedPermanently || res.Header.Get("Location") != want {
			t.Errorf("%s: %d to %q, want 301 to %q", path, res.Status, res.Header.Get("Location"), want)
		}
	}
	for _, path := range []string{"/questions/999999", "/a/999999", "/q/x"} {
		if res := b.get(t, path); res.Status != http.StatusNotFound {
			t.Errorf("%s: %d, want 404", path, res.Status)
		}
	}
	if res := b.get(t, "/questions/"+qs); res.Status != http.StatusOK {
		t.Errorf("the question itself: %d", res.Status)
	}

	// A deleted answer's address (the audit log links it) leads staff to
	// its place in the question, where they see it; others get a 404.
	if _, err := env.App.Auth.CreateUser(context.Background(), auth.SignUp{Username: "mod", Email: "mod@example.com",
		Password: "correct horse battery"}, store.RoleModerator); err != nil {
		t.Fatal(err)
	}
	mod := newBrowser(env)
	mod.logIn(t, "mod")
	if res := mod.post(t, "/questions/"+qs, "/posts/"+as+"/delete", url.Values{}); res.Status != http.StatusSeeOther {
		t.Fatalf("delete the answer: %d", res.Status)
	}
	if res := mod.get(t, "/questions/"+as); res.Status != http.StatusMovedPermanently || res.Header.Get("Location") != "/questions/"+qs+"#answer-"+as {
		t.Errorf("staff on a deleted answer's address: %d %q", res.Status, res.Header.Get("Location"))
	}
	if res := b.get(t, "/questions/"+as); res.Status != http.StatusNotFound {
		t.Errorf("a visitor on a deleted answer's address: %d, want 404", res.Status)
	}
}
