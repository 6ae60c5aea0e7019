package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestTicketMessageAfterResolution: the hotline's message left unticked
// puts a waiting ticket back among the open ones; an employee whose
// message comes after the ticket was resolved is told why beside the
// conversation, and their text is kept to copy.
func TestTicketMessageAfterResolution(t *testing.T) {
	for _, d := range []store.Dialect{store.Postgres, store.SQLite} {
		t.Run(string(d), func(t *testing.T) {
			env := testkit.Boot(t, d)
			_, tok := env.SignUp(t, "emp")
			_, hotTok := env.SignUp(t, "hot")
			setRole(t, env, "hot", store.RoleHotline)
			res := env.API(t, "POST", "/help-sessions", tok, map[string]any{"query": "docking station gives no picture"})
			path := "/help-sessions/" + itoa(int64(res.Map(t)["id"].(float64)))
			res = env.API(t, "POST", path+"/outcome", tok, map[string]any{"outcome": "ticket", "ticket": map[string]any{
				"subject": "Dock gives no picture", "body": "Both screens stay black since Monday.", "email": "emp@example.com"}})
			id := itoa(int64(res.Map(t)["ticket"].(map[string]any)["id"].(float64)))
			page := "/tickets/" + id
			hot, emp := newBrowser(env), newBrowser(env)
			hot.logIn(t, "hot")
			emp.logIn(t, "emp")

			if res := hot.post(t, page, page+"/messages", url.Values{"body": {"Which dock model is it?"}, "waiting": {"on"}}); res.Status != http.StatusSeeOther {
				t.Fatalf("message: %d", res.Status)
			}
			contains(t, hot.get(t, page), `<span class="status status-waiting">`)
			if res := hot.post(t, page, page+"/messages", url.Values{"body": {"Got your mail, working on it."}}); res.Status != http.StatusSeeOther {
				t.Fatalf("message: %d", res.Status)
			}
			contains(t, hot.get(t, page), `<span class="status status-open">`)
			contains(t, hot.get(t, "/tickets"), `<td><a href="/tickets/`+id+`">`)

			emp.get(t, page) // the employee is typing meanwhile
			if res := env.API(t, "POST", page+"/resolution", hotTok, map[string]any{"answer": "Update the dock's firmware to 1.0.15, then replug it."}); res.Status != http.StatusOK {
				t.Fatalf("resolve: %d %s", res.Status, res.Body)
			}
			res = emp.post(t, page, page+"/messages", url.Values{"body": {"It is a Dell WD19, serial 7Q2X."}})
			if res.Status != http.StatusConflict {
				t.Fatalf("a message on a resolved ticket: %d", res.Status)
			}
			body := string(res.Body)
			i := strings.Index(body, `id="message-refused"`)
			if i < 0 || !strings.Contains(body[i:], `<div class="alert" role="alert">This ticket is already resolved.</div>`) ||
				!strings.Contains(body[i:], `readonly>It is a Dell WD19, serial 7Q2X.</textarea>`) {
				t.Fatalf("the refused message is not explained or not kept:\n%s", body)
			}
			if strings.Count(body, `class="alert"`) != 1 {
				t.Error("the reason shows more than once")
			}
		})
	}
}
