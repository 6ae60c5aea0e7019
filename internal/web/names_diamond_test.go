package web_test

import (
	"net/http"
	"net/url"
	"testing"

	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestSignUpNamesTheDiamond: a display name with the moderator's ♦ is
// refused at sign-up beside the field, naming the ♦, in German too.
func TestSignUpNamesTheDiamond(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	b := newBrowser(env)
	if res := b.post(t, "/signup", "/language", url.Values{"lang": {"de"}, "next": {"/signup"}}); res.Status != http.StatusSeeOther {
		t.Fatalf("language: %d", res.Status)
	}
	res := b.post(t, "/signup", "/signup", url.Values{"username": {"emil"}, "email": {"emil@example.com"},
		"password": {"correct horse battery"}, "display_name": {"Emil ♦"}})
	if res.Status != http.StatusUnprocessableEntity {
		t.Fatalf("sign-up: %d", res.Status)
	}
	contains(t, res, `<p class="field-error" id="display_name-error" role="alert">Namen mit ♦, dem Zeichen der Moderatoren auf Q&amp;A-Websites, sind dem Team vorbehalten.</p>`)
}
