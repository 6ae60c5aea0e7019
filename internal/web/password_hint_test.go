package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"stackdesk/internal/testkit"
)

// TestPasswordHintSaysTheRules: the sign-up form and the new-password
// fields (settings, password links) say under the password, as its
// description, all the rules a new password meets: 8 to 72 characters
// (bytes: ä counts twice), nothing common, not the account's names; and
// sign-up holds to exactly those, in English and German.
func TestPasswordHintSaysTheRules(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		hint := map[string]string{
			"en": "8 to 72 characters (ä, ö, ü and ß count twice), not a common password nor your name or e-mail address: a few unrelated words work well.",
			"de": "8 bis 72 Zeichen (ä, ö, ü und ß zählen doppelt), kein gängiges Passwort, nicht Ihr Name und nicht Ihre E-Mail-Adresse: Einige Wörter, die nichts miteinander zu tun haben, eignen sich gut.",
		}
		const described = `aria-describedby="password-help"`
		b := newBrowser(env)
		for lang, want := range hint {
			contains(t, b.get(t, "/signup", "Accept-Language", lang), described, `<p class="help" id="password-help">`+want+`</p>`)
		}
		if strings.Contains(string(b.get(t, "/signup").Body), "at least 8 characters") {
			t.Error("the sign-up label still promises only a length")
		}
		try := func(name, password string) *testkit.Response {
			t.Helper()
			return newBrowser(env).post(t, "/signup", "/signup", url.Values{"username": {name}, "email": {name + "@example.com"}, "password": {password}})
		}
		for _, c := range []struct{ why, password string }{
			{"7 characters", "kx9!mq2"},
			{"73 bytes", strings.Repeat("tulip ", 12) + "o"},
			{"58 characters, 73 bytes with umlauts", strings.Repeat("bär ", 18)[:71] + "ü"},
			{"common", "password"},
			{"the username", "ingrid.berglund"},
		} {
			if res := try("ingrid.berglund", c.password); res.Status != http.StatusUnprocessableEntity || !strings.Contains(string(res.Body), `id="password-error"`) ||
				!strings.Contains(string(res.Body), `aria-describedby="password-help password-error"`) {
				t.Errorf("a password of %s (%d bytes): %d", c.why, len(c.password), res.Status)
			}
		}
		if res := try("ingrid.berglund", "tulip copper "+strings.Repeat("x", 72-len("tulip copper "))); res.Status != http.StatusSeeOther {
			t.Errorf("a password of 72 bytes, unrelated words: %d %s", res.Status, res.Body)
		}

		// The new-password fields of settings say the same.
		b.signUp(t, "ada")
		contains(t, b.get(t, "/settings", "Accept-Language", "de"), described, `<p class="help" id="password-help">`+hint["de"]+`</p>`)
	})
}
