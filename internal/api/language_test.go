package api_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestRefusalsBeforeLogInSpeakTheLanguage: a body over the limit and a bad
// token are refused before the user is known, in the language the request
// asks for.
func TestRefusalsBeforeLogInSpeakTheLanguage(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	send := func(token string, body string) *testkit.Response {
		req, _ := http.NewRequest(http.MethodPost, env.URL+"/api/v1/questions", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Accept-Language", "de-DE,de;q=0.9")
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		res, err := env.Client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, err := io.ReadAll(res.Body)
		if err != nil {
			t.Fatal(err)
		}
		return &testkit.Response{Status: res.StatusCode, Header: res.Header, Body: b}
	}
	if res := send("", `{"body": "`+strings.Repeat("x", 2<<20)+`"}`); res.Status != http.StatusRequestEntityTooLarge ||
		!strings.Contains(string(res.Body), "Die Anfrage ist zu groß.") {
		t.Fatalf("too large: %d %s", res.Status, res.Body)
	}
	if res := send("sd_not_a_token", `{}`); res.Status != http.StatusUnauthorized || !strings.Contains(string(res.Body), "ungültig oder widerrufen") {
		t.Fatalf("bad token: %d %s", res.Status, res.Body)
	}
}

// TestLimitsInErrorsAreGrouped: a limit in an error's message and fields
// reads as the request's language writes numbers (30,000; 30.000).
func TestLimitsInErrorsAreGrouped(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	_, ada := env.SignUp(t, "ada")
	body := `{"title": "Printer prints blank pages", "body": "` + strings.Repeat("b", 30001) + `", "tags": ["printer"]}`
	for lang, want := range map[string]string{"en": "Use at most 30,000 characters.", "de": "Verwenden Sie höchstens 30.000 Zeichen."} {
		req, _ := http.NewRequest(http.MethodPost, env.URL+"/api/v1/questions", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+ada)
		req.Header.Set("Accept-Language", lang)
		res, err := env.Client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var e struct {
			Error struct {
				Code   string
				Fields map[string]string
			}
		}
		err = json.NewDecoder(res.Body).Decode(&e)
		res.Body.Close()
		if err != nil || res.StatusCode != http.StatusUnprocessableEntity || e.Error.Code != "invalid" || e.Error.Fields["body"] != want {
			t.Errorf("%s: %d %+v (%v), want body %q", lang, res.StatusCode, e, err, want)
		}
	}
}
