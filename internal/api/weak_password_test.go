package api_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"stackdesk/internal/testkit"
)

// TestWeakPasswordRefused: sign-up and a password change refuse a password
// too common or made of the account's names with 422 and the reason on the
// field, in the language asked for.
func TestWeakPasswordRefused(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		send := func(path, token, lang string, body map[string]string) (int, map[string]string) {
			t.Helper()
			b, _ := json.Marshal(body)
			req, _ := http.NewRequest(http.MethodPost, env.URL+"/api/v1"+path, bytes.NewReader(b))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Accept-Language", lang)
			if token != "" {
				req.Header.Set("Authorization", "Bearer "+token)
			}
			res, err := env.Client.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			raw, _ := io.ReadAll(res.Body)
			var e struct {
				Error struct {
					Code   string            `json:"code"`
					Fields map[string]string `json:"fields"`
				} `json:"error"`
			}
			if res.StatusCode != http.StatusCreated && res.StatusCode != http.StatusNoContent {
				if err := json.Unmarshal(raw, &e); err != nil {
					t.Fatalf("%s: %d %s", path, res.StatusCode, raw)
				}
			}
			if pw := body["password"] + body["new_password"]; pw != "password" && bytes.Contains(raw, []byte(pw)) {
				t.Errorf("%s echoes the password: %s", path, raw)
			}
			return res.StatusCode, e.Error.Fields
		}
		for _, c := range []struct{ pw, lang, want string }{
			{"12345678", "en", "too common or too easy to guess"},
			{"password", "de", "zu verbreitet oder zu leicht zu erraten"},
			{"qwertyuiop", "en", "A few unrelated words make a strong password"},
			{"zorbexqua1", "de", "Einige Wörter, die nichts miteinander zu tun haben"},
			{"tralvenkor.pim", "en", "your name or e-mail address"},
		} {
			status, fields := send("/users", "", c.lang, map[string]string{"username": "zorbexqua", "email": "tralvenkor.pim@example.com", "password": c.pw})
			if status != http.StatusUnprocessableEntity || !strings.Contains(fields["password"], c.want) || len(fields) != 1 {
				t.Errorf("sign-up with %q: %d %v", c.pw, status, fields)
			}
		}
		if status, _ := send("/users", "", "en", map[string]string{"username": "zorbexqua", "email": "tralvenkor.pim@example.com", "password": "correct horse battery"}); status != http.StatusCreated {
			t.Fatalf("sign-up with a strong password: %d", status)
		}

		_, tok := env.SignUp(t, "ada")
		status, fields := send("/me/password", tok, "de", map[string]string{"current_password": "correct horse battery", "new_password": "ada12345"})
		if status != http.StatusUnprocessableEntity || !strings.Contains(fields["new_password"], "zu leicht zu erraten") {
			t.Errorf("change to the username and digits: %d %v", status, fields)
		}
		if res := env.API(t, "POST", "/tokens", "", map[string]string{"username": "ada", "password": "correct horse battery"}); res.Status != http.StatusCreated {
			t.Fatalf("the refused change changed the password: %d", res.Status)
		}
		if status, _ := send("/me/password", tok, "en", map[string]string{"current_password": "correct horse battery", "new_password": "battery staple horse"}); status != http.StatusNoContent {
			t.Fatalf("change to a strong password: %d", status)
		}
	})
}
