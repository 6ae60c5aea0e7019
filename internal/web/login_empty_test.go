package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"stackdesk/internal/testkit"
)

// TestLoginSaysWhichFieldIsEmpty: a log-in sent with a field left empty is
// refused with 422, as sign-up refuses its fields, and says beside each
// empty field what it needs (named by the field's aria-describedby), in
// English and German, keeping what was typed, never "wrong username or
// password"; a wrong password is still 401 and said so. The API's token
// request says the same per field.
func TestLoginSaysWhichFieldIsEmpty(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		env.SignUp(t, "ada")
		loginMsg := map[string]string{"en": "Enter your username or e-mail address.", "de": "Geben Sie Ihren Benutzernamen oder Ihre E-Mail-Adresse ein."}
		passwordMsg := map[string]string{"en": "Enter your password.", "de": "Geben Sie Ihr Passwort ein."}
		for _, lang := range []string{"en", "de"} {
			b := newBrowser(env)
			if res := b.post(t, "/login", "/language", url.Values{"lang": {lang}, "next": {"/login"}}); res.Status != http.StatusSeeOther {
				t.Fatalf("language %s: %d", lang, res.Status)
			}
			for _, c := range []struct {
				login, password   string
				loginErr, passErr bool
			}{
				{"", "", true, true},
				{"  ", "correct horse battery", true, false},
				{"ada", "", false, true},
			} {
				res := b.post(t, "/login", "/login", url.Values{"login": {c.login}, "password": {c.password}})
				body := string(res.Body)
				if res.Status != http.StatusUnprocessableEntity {
					t.Fatalf("%s: log-in %q/%q: %d", lang, c.login, c.password, res.Status)
				}
				if strings.Contains(body, "Wrong username") || strings.Contains(body, "Passwort falsch") {
					t.Errorf("%s: log-in %q/%q says the username or password is wrong", lang, c.login, c.password)
				}
				for _, f := range []struct {
					on         bool
					field, msg string
				}{{c.loginErr, "login", loginMsg[lang]}, {c.passErr, "password", passwordMsg[lang]}} {
					shown := strings.Contains(body, `<p class="field-error" id="`+f.field+`-error" role="alert">`+f.msg+`</p>`)
					named := strings.Contains(body, `aria-describedby="`+f.field+`-error"`)
					if shown != f.on || named != f.on {
						t.Errorf("%s: log-in %q/%q: %s message shown %v, named by the field %v; want %v", lang, c.login, c.password, f.field, shown, named, f.on)
					}
				}
				if c.login == "ada" && !strings.Contains(body, `name="login" value="ada"`) {
					t.Errorf("%s: the username typed is lost", lang)
				}
			}
			res := b.post(t, "/login", "/login", url.Values{"login": {"ada"}, "password": {"wrong password"}})
			if res.Status != http.StatusUnauthorized || strings.Contains(string(res.Body), "field-error") {
				t.Errorf("%s: wrong password: %d\n%s", lang, res.Status, res.Body)
			}
		}
		// POST /api/v1/tokens says the same, under its own field names.
		res := env.API(t, "POST", "/tokens", "", map[string]string{"username": " ", "password": ""})
		var out struct {
			Error struct{ Fields map[string]string }
		}
		res.JSON(t, &out)
		if res.Status != http.StatusUnprocessableEntity || out.Error.Fields["username"] != loginMsg["en"] || out.Error.Fields["password"] != passwordMsg["en"] {
			t.Errorf("API token with empty fields: %d %s", res.Status, res.Body)
		}
	})
}
