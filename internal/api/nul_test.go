package api_test

import (
	"net/http"
	"strings"
	"testing"

	"stackdesk/internal/testkit"
)

// TestNULAndBadUTF8AreRefused sends a NUL character, and bytes that are not
// UTF-8, where no field validation looks: in paths, query parameters, JSON
// fields such as a log-in name or a help problem, and forms. PostgreSQL can
// store neither (it failed with a 500); each is a 400 that says why.
func TestNULAndBadUTF8AreRefused(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		_, tok := env.SignUp(t, "ada")
		for _, c := range []struct{ method, path, code string }{
			{"GET", "/tags/%00/experts", "bad_request"},
			{"GET", "/tags/vpn%00/smes", "bad_request"},
			{"PUT", "/tags/%00/follow", "bad_request"},
			{"GET", "/questions?tag=%00", "bad_request"},
			{"GET", "/questions?tag=%ff", "bad_request"},
			{"GET", "/experts?q=%00", "bad_request"},
			{"GET", "/users?filter=%00", "bad_request"},
			{"GET", "/search?q=vpn%00", "bad_request"},
		} {
			refused(t, c.method+" "+c.path, env.API(t, c.method, c.path, tok, nil), http.StatusBadRequest, c.code)
		}
		for path, body := range map[string]any{
			"/tokens":        map[string]string{"username": "ada\x00", "password": "correct horse battery"},
			"/help-sessions": map[string]string{"query": "printer \x00 broken"},
		} {
			res := env.API(t, "POST", path, "", body)
			refused(t, "POST "+path, res, http.StatusBadRequest, "bad_request")
			if !strings.Contains(string(res.Body), "NUL") {
				t.Errorf("POST %s: %s does not say why", path, res.Body)
			}
		}
		// Pages alike (forms: internal/web).
		for _, p := range []string{"/tags/%00", "/questions?tag=%00", "/users?filter=%00"} {
			if res := env.Request(t, "GET", p, "", "", nil); res.Status != http.StatusBadRequest {
				t.Errorf("GET %s: %d, want 400", p, res.Status)
			}
		}
	})
}
