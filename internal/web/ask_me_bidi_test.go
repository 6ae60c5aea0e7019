package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestAskMeAboutAndTokenNamesDoNotReorder: the "ask me about" line and an
// API token's name are one line of text, like a display name: one with a
// character that reorders text (U+202E, the right-to-left override) is
// refused, on the settings page and through the API, so "VPN" U+202E
// "fdp.exe" cannot read as "VPN exe.pdf" beside a name in the experts
// directory. A line or name stored before shows the character as a mark
// wherever it is shown: the experts page and the tag page as on the
// user's own page, and the settings' list of tokens.
func TestAskMeAboutAndTokenNamesDoNotReorder(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		const rlo = "VPN \u202efdp.exe"
		ada, bob := newBrowser(env), newBrowser(env)
		ada.signUp(t, "ada")
		bob.signUp(t, "bob")
		askVPN(t, ada)

		// Refused on the settings page, what was typed kept, and through the API.
		res := bob.post(t, "/settings", "/settings", url.Values{"ask_me_about": {rlo}, "tags": {"vpn"}, "email": {"daily"}})
		if res.Status != http.StatusUnprocessableEntity {
			t.Fatalf("settings with U+202E: %d", res.Status)
		}
		contains(t, res, `id="ask_me_about-error"`, "characters that change its direction", `value="`+rlo+`"`)
		tok := env.API(t, "POST", "/tokens", "", map[string]any{"username": "bob", "password": "correct horse battery", "name": "backup"}).Map(t)["token"].(string)
		if r := env.API(t, "PUT", "/me/profile", tok, map[string]any{"ask_me_about": rlo}); r.Status != http.StatusUnprocessableEntity {
			t.Fatalf("API profile with U+202E: %d %s", r.Status, r.Body)
		}
		if r := env.API(t, "POST", "/tokens", "", map[string]any{"username": "bob", "password": "correct horse battery",
			"name": "api \u202efdp.exe"}); r.Status != http.StatusUnprocessableEntity || !strings.Contains(string(r.Body), `"name"`) {
			t.Fatalf("token named with U+202E: %d %s", r.Status, r.Body)
		}

		// Stored before: shown as a mark everywhere.
		if res := bob.post(t, "/settings", "/settings", url.Values{"ask_me_about": {"VPN"}, "tags": {"vpn"}, "email": {"daily"}}); res.Status != http.StatusSeeOther {
			t.Fatalf("settings: %d %s", res.Status, res.Body)
		}
		db := env.App.Store.DB
		if err := db.Table("expert_profiles").Where("ask_me_about = ?", "VPN").Update("ask_me_about", rlo).Error; err != nil {
			t.Fatal(err)
		}
		if err := db.Model(&store.APIToken{}).Where("name = ?", "backup").Update("name", "backup \u202efdp.exe").Error; err != nil {
			t.Fatal(err)
		}
		for _, path := range []string{"/experts?tag=vpn", "/tags/vpn", "/users/2"} {
			page := bob.get(t, path)
			contains(t, page, `VPN <span class="bidi-mark">U+202E</span>fdp.exe`)
			if strings.Contains(string(page.Body), "\u202e") {
				t.Errorf("%s shows U+202E as it is", path)
			}
		}
		settings := bob.get(t, "/settings")
		contains(t, settings, `backup <span class="bidi-mark">U+202E</span>fdp.exe`)
		if strings.Contains(string(settings.Body), "backup \u202e") {
			t.Error("the settings show a token name's U+202E as it is")
		}
	})
}
