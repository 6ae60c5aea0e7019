package api_test

import (
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
