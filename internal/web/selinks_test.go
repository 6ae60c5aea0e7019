package web_test

import (
	"net/http"
	"strconv"
	"testing"

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
}
