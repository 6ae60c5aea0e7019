package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"stackdesk/internal/testkit"
)

// TestClearingTheDisplayNameShowsTheUsername: on the settings page the
// display name may be left empty, as at sign-up, which the field says
// (its description, in English and German); the username then shows
// wherever the name did, as for a member who never gave one.
func TestClearingTheDisplayNameShowsTheUsername(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		ada := newBrowser(env)
		ada.signUp(t, "ada")
		for lang, help := range map[string]string{"en": "Left empty, your username shows instead.", "de": "Bleibt das Feld leer, wird stattdessen Ihr Benutzername angezeigt."} {
			page := ada.get(t, "/settings", "Accept-Language", lang)
			contains(t, page, `aria-describedby="display_name-help"`, `<p class="help" id="display_name-help">`+help+`</p>`)
		}
		save := func(name string) {
			t.Helper()
			res := ada.post(t, "/settings", "/settings/account", url.Values{"display_name": {name}, "email_address": {"ada@example.com"}})
			if res.Status != http.StatusSeeOther {
				t.Fatalf("display name %q: %d %s", name, res.Status, res.Body)
			}
		}
		save("Ada Lovelace")
		contains(t, ada.get(t, "/settings"), `value="Ada Lovelace"`)
		save("")
		contains(t, ada.get(t, "/settings?saved=1"), "Your settings were saved.", `id="display_name" name="display_name" dir="auto" maxlength="50" autocomplete="name"
    value="ada"`)
		if page := string(ada.get(t, "/users").Body); strings.Contains(page, "Ada Lovelace") || !strings.Contains(page, ">ada</a>") {
			t.Errorf("the users list after clearing the name:\n%s", page)
		}
	})
}
