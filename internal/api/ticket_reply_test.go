package api_test

import (
	"strings"
	"testing"

	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestTicketAnswerReachesTheEmployee: a ticket resolved without publishing
// is told to the employee who filed it while logged in, in the inbox, and
// its answer is theirs to read (the list holds their own tickets only);
// nobody else but the hotline sees it.
func TestTicketAnswerReachesTheEmployee(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		_, emp := env.SignUp(t, "emp")
		_, other := env.SignUp(t, "other")
		hotID, hot := env.SignUp(t, "hana") // an agent, made one below (a member may not be called hotline)
		role(t, env, hotID, store.RoleHotline)
		res := env.API(t, "POST", "/help-sessions", emp, map[string]any{"query": "docking station gives no picture"})
		if res.Status != 201 {
			t.Fatalf("start: %d %s", res.Status, res.Body)
		}
		path := "/help-sessions/" + itoa(int64(res.Map(t)["id"].(float64)))
		res = env.API(t, "POST", path+"/outcome", emp, map[string]any{"outcome": "ticket", "ticket": map[string]any{
			"subject": "Dock gives no picture", "body": "Both screens stay black since Monday.", "email": "emp@example.com"}})
		if res.Status != 200 {
			t.Fatalf("ticket: %d %s", res.Status, res.Body)
		}
		id := itoa(int64(res.Map(t)["ticket"].(map[string]any)["id"].(float64)))

		if res := env.API(t, "GET", "/tickets/"+id, emp, nil); res.Status != 200 || res.Map(t)["status"] != "open" {
			t.Fatalf("the employee reads the open ticket: %d %s", res.Status, res.Body)
		}
		answer := "Update the dock's firmware with the vendor tool; then both screens come back."
		if res := env.API(t, "POST", "/tickets/"+id+"/resolution", hot, map[string]any{"answer": answer}); res.Status != 200 {
			t.Fatalf("resolve: %d %s", res.Status, res.Body)
		}
		inbox := env.API(t, "GET", "/notifications", emp, nil)
		items := inbox.Map(t)["items"].([]any)
		if len(items) != 1 {
			t.Fatalf("inbox: %s", inbox.Body)
		}
		n := items[0].(map[string]any)
		if n["type"] != "ticket" || n["url"] != "/tickets/"+id || n["ticket_subject"] != "Dock gives no picture" ||
			n["text"] != "The hotline answered your ticket" {
			t.Fatalf("notification: %v", n)
		}
		got := env.API(t, "GET", "/tickets/"+id, emp, nil)
		if got.Status != 200 || got.Map(t)["resolution"] != answer || got.Map(t)["resolved_by"] != float64(hotID) {
			t.Fatalf("the employee reads the answer: %d %s", got.Status, got.Body)
		}
		if res := env.API(t, "GET", "/tickets", emp, nil); res.Status != 200 || res.Map(t)["total"].(float64) != 1 ||
			!strings.Contains(string(res.Body), "Dock gives no picture") {
			t.Fatalf("the employee's tickets: %d %s", res.Status, res.Body)
		}
		if res := env.API(t, "GET", "/tickets/"+id, other, nil); res.Status != 404 {
			t.Fatalf("another employee reads the ticket: %d", res.Status)
		}
		if res := env.API(t, "GET", "/tickets", other, nil); res.Status != 200 || res.Map(t)["total"].(float64) != 0 {
			t.Fatalf("another employee's tickets: %d %s", res.Status, res.Body)
		}
		if res := env.API(t, "GET", "/tickets/"+id, "", nil); res.Status != 401 {
			t.Fatalf("anonymous reads the ticket: %d", res.Status)
		}
	})
}
