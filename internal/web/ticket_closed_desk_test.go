package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestHandOverListsNeitherHolderNorReader: tried as an agent would, the
// hand-over's choice of colleagues leaves out the agent reading the page
// (a ticket nobody holds they take with Take) and whoever holds it.
func TestHandOverListsNeitherHolderNorReader(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	_, tok := env.SignUp(t, "emp")
	hotID, _ := env.SignUp(t, "hot")
	mateID, _ := env.SignUp(t, "mate")
	admID, _ := env.SignUp(t, "adm")
	setRole(t, env, "hot", store.RoleHotline)
	setRole(t, env, "mate", store.RoleHotline)
	setRole(t, env, "adm", store.RoleAdmin)
	id := fileTicket(t, env, tok, "Dock gives no picture")
	page := "/tickets/" + id
	hot, adm := newBrowser(env), newBrowser(env)
	hot.logIn(t, "hot")
	adm.logIn(t, "adm")
	option := func(uid int64) string { return `<option value="` + itoa(uid) + `"` }
	offers := func(b *browser, who string, want, not []int64) {
		t.Helper()
		body := string(b.get(t, page).Body)
		for _, u := range want {
			if !strings.Contains(body, option(u)) {
				t.Errorf("%s is not offered user %d:\n%s", who, u, body)
			}
		}
		for _, u := range not {
			if strings.Contains(body, option(u)) {
				t.Errorf("%s is offered user %d:\n%s", who, u, body)
			}
		}
	}
	offers(hot, "hot, nobody holding it", []int64{mateID, admID}, []int64{hotID})
	if res := hot.post(t, page, page+"/take", url.Values{}); res.Status != http.StatusSeeOther {
		t.Fatalf("take: %d", res.Status)
	}
	offers(hot, "hot, holding it", []int64{mateID, admID}, []int64{hotID})
	offers(adm, "the administrator, hot holding it", []int64{mateID}, []int64{hotID, admID})
}

// TestPriorityOfResolvedTicket: a resolved ticket's page offers no "Set
// priority" form; a priority sent anyway is refused (409), said where the
// form was, in the reader's language, and the API says the same.
func TestPriorityOfResolvedTicket(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	_, tok := env.SignUp(t, "emp")
	env.SignUp(t, "hot")
	setRole(t, env, "hot", store.RoleHotline)
	hotTok := env.Token(t, "hot")
	id := fileTicket(t, env, tok, "Printer offline")
	page := "/tickets/" + id
	hot := newBrowser(env)
	hot.logIn(t, "hot")
	form := `action="/tickets/` + id + `/priority"`
	contains(t, hot.get(t, page), form)
	if res := hot.post(t, page, page+"/resolve", url.Values{"answer": {"The printer was unplugged; it prints again now."}}); res.Status != http.StatusSeeOther {
		t.Fatalf("resolve: %d %s", res.Status, res.Body)
	}
	if body := string(hot.get(t, page).Body); strings.Contains(body, form) || strings.Contains(body, `id="priority"`) {
		t.Fatalf("the resolved ticket offers to set its priority:\n%s", body)
	}
	res := hot.post(t, page, page+"/priority", url.Values{"priority": {"urgent"}})
	if res.Status != http.StatusConflict {
		t.Fatalf("priority of the resolved ticket: %d %s", res.Status, res.Body)
	}
	contains(t, res, `<div id="priority-form"><div class="alert" role="alert">This ticket is resolved: its priority can no longer be changed.</div></div>`)
	if strings.Contains(string(res.Body), form) {
		t.Errorf("the refusal offers the form again:\n%s", res.Body)
	}
	contains(t, hot.get(t, page), `<span class="status status-priority-normal" id="ticket-priority">Priority: Normal</span>`)

	api := env.API(t, "POST", "/tickets/"+id+"/priority", hotTok, map[string]any{"priority": "urgent"})
	if e, _ := api.Map(t)["error"].(map[string]any); api.Status != http.StatusConflict || e["code"] != "conflict" ||
		e["message"] != "This ticket is resolved: its priority can no longer be changed." {
		t.Errorf("the API sets the resolved ticket's priority: %d %s", api.Status, api.Body)
	}
}

// fileTicket files a ticket as the employee with token tok and returns its id.
func fileTicket(t *testing.T, env *testkit.Env, tok, subject string) string {
	t.Helper()
	res := env.API(t, "POST", "/help-sessions", tok, map[string]any{"query": "something is broken on my desk"})
	path := "/help-sessions/" + itoa(int64(res.Map(t)["id"].(float64)))
	res = env.API(t, "POST", path+"/outcome", tok, map[string]any{"outcome": "ticket", "ticket": map[string]any{
		"subject": subject, "body": "Since this morning.", "email": "emp@example.com"}})
	if res.Status != http.StatusOK {
		t.Fatalf("ticket: %d %s", res.Status, res.Body)
	}
	return itoa(int64(res.Map(t)["ticket"].(map[string]any)["id"].(float64)))
}
