package web_test

import (
	"fmt"
	"net/http"
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
	for _, path := range []string{fmt.Sprintf("/questions/%d/wrong-slug?page=2", q), fmt.Sprintf("/questions/%d/drucker", q)} {
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
	res := b.get(t, fmt.Sprintf("/users/%d/someone-else", uid))
	if loc := res.Header.Get("Location"); res.Status != http.StatusMovedPermanently || loc != fmt.Sprintf("/users/%d/ada", uid) {
		t.Fatalf("user: %d %q", res.Status, loc)
	}
}
