package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestTicketHolderRefusalsAndAuditedRelease: an agent whose name is
// written right to left holds a ticket; the refusals another agent meets
// when taking or releasing it, on the page and in the API, keep the name
// isolated (U+2068 … U+2069), so that it does not carry the sentence to its
// side. An administrator's release of the ticket is in the audit log, about
// that agent, naming the ticket, on the page and in the API.
func TestTicketHolderRefusalsAndAuditedRelease(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	_, tok := env.SignUp(t, "emp")
	hot1ID, hot1Tok := env.SignUp(t, "hot1")
	_, hot2Tok := env.SignUp(t, "hot2")
	_, admTok := env.SignUp(t, "adm")
	setRole(t, env, "hot1", store.RoleHotline)
	setRole(t, env, "hot2", store.RoleHotline)
	setRole(t, env, "adm", store.RoleAdmin)
	const name = "ليلى حداد"
	if res := env.API(t, "PATCH", "/me", hot1Tok, map[string]string{"display_name": name}); res.Status != http.StatusOK {
		t.Fatalf("name: %d %s", res.Status, res.Body)
	}
	res := env.API(t, "POST", "/help-sessions", tok, map[string]any{"query": "docking station gives no picture"})
	path := "/help-sessions/" + itoa(int64(res.Map(t)["id"].(float64)))
	res = env.API(t, "POST", path+"/outcome", tok, map[string]any{"outcome": "ticket", "ticket": map[string]any{
		"subject": "Dock one", "body": "Both screens stay black since Monday.", "email": "emp@example.com"}})
	if res.Status != http.StatusOK {
		t.Fatalf("ticket: %d %s", res.Status, res.Body)
	}
	id := itoa(int64(res.Map(t)["ticket"].(map[string]any)["id"].(float64)))
	if res := env.API(t, "POST", "/tickets/"+id+"/assignment", hot1Tok, nil); res.Status != http.StatusOK {
		t.Fatalf("hot1 takes: %d %s", res.Status, res.Body)
	}

	isolated := "\u2068" + name + "\u2069 holds this ticket"
	since := `<div class="alert" role="alert">` + "\u2068" + name + "\u2069 has held this ticket since " // the page says it once, with since when
	hot2 := newBrowser(env)
	hot2.logIn(t, "hot2")
	res = hot2.post(t, "/tickets/"+id, "/tickets/"+id+"/take", url.Values{})
	if body := string(res.Body); res.Status != http.StatusConflict || !strings.Contains(body, since) || !strings.Contains(body, ": take it once") {
		t.Fatalf("take on the page: %d %s", res.Status, res.Body)
	}
	res = hot2.post(t, "/tickets/"+id, "/tickets/"+id+"/release", url.Values{})
	if body := string(res.Body); res.Status != http.StatusForbidden || !strings.Contains(body, since) || !strings.Contains(body, ": only they") {
		t.Fatalf("release on the page: %d %s", res.Status, res.Body)
	}
	for _, c := range []struct {
		method string
		status int
	}{{"POST", http.StatusConflict}, {"DELETE", http.StatusForbidden}} {
		res := env.API(t, c.method, "/tickets/"+id+"/assignment", hot2Tok, nil)
		var e struct {
			Error struct{ Message string } `json:"error"`
		}
		res.JSON(t, &e)
		if res.Status != c.status || !strings.HasPrefix(e.Error.Message, isolated) {
			t.Fatalf("%s in the API: %d %q", c.method, res.Status, e.Error.Message)
		}
	}

	adm := newBrowser(env)
	adm.logIn(t, "adm")
	if res := adm.post(t, "/tickets/"+id, "/tickets/"+id+"/release", url.Values{}); res.Status != http.StatusSeeOther {
		t.Fatalf("adm releases: %d %s", res.Status, res.Body)
	}
	log := string(adm.get(t, "/admin/audit?action=ticket.release").Body)
	for _, want := range []string{"1 entry", "Someone else&#39;s ticket released", `>` + name + `</a></bdi>`, `<td class="card-line" data-label="Detail">Ticket #` + id + "</td>"} {
		if !strings.Contains(log, want) {
			t.Fatalf("the audit page lacks %q:\n%s", want, log)
		}
	}
	res = env.API(t, "GET", "/audit?action=ticket.release", admTok, nil)
	var audit struct {
		Items []struct {
			Actor      struct{ Username string } `json:"actor"`
			TargetType string                    `json:"target_type"`
			TargetID   int64                     `json:"target_id"`
			Detail     string                    `json:"detail"`
		} `json:"items"`
	}
	res.JSON(t, &audit)
	if res.Status != http.StatusOK || len(audit.Items) != 1 || audit.Items[0].Actor.Username != "adm" ||
		audit.Items[0].TargetType != "user" || audit.Items[0].TargetID != hot1ID || audit.Items[0].Detail != "ticket #"+id {
		t.Fatalf("the audit log in the API: %d %s", res.Status, res.Body)
	}
}
