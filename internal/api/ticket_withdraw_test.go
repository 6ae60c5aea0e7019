package api_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"stackdesk/internal/config"
	"stackdesk/internal/deflection"
	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// hookCalls is a real local HTTP server standing in for the hotline's
// system; it keeps each request's event header and payload.
type hookCalls struct {
	mu  sync.Mutex
	got []map[string]any
}

func (h *hookCalls) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	var m map[string]any
	json.Unmarshal(body, &m)
	m["header_event"] = r.Header.Get(deflection.HeaderEvent)
	h.mu.Lock()
	h.got = append(h.got, m)
	h.mu.Unlock()
}

func (h *hookCalls) event(name string) []map[string]any {
	h.mu.Lock()
	defer h.mu.Unlock()
	var out []map[string]any
	for _, m := range h.got {
		if m["event"] == name {
			out = append(out, m)
		}
	}
	return out
}

func inboxTypes(t *testing.T, env *testkit.Env, tok string) string {
	t.Helper()
	var types []string
	for _, it := range inboxOf(t, env, tok).Items {
		types = append(types, it.Type)
	}
	return strings.Join(types, " ")
}

// TestTicketWithdrawReopenAPI: the employee withdraws their ticket (the
// agent who held it is told, the webhook gets ticket.withdrawn), a second
// withdrawal is 409; they reopen it with a message (ticket.reopened), an
// open ticket is 409 to reopen; others are refused as on the other ticket
// endpoints (404, 403 for the hotline and analysts); after the window a
// reopening is 409 and says to file a new ticket.
func TestTicketWithdrawReopenAPI(t *testing.T) {
	dialects(t, func(t *testing.T, d store.Dialect) {
		hook := &hookCalls{}
		srv := httptest.NewServer(hook)
		defer srv.Close()
		clk := testkit.NewClock(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
		env := testkit.BootStill(t, d, clk, func(c *config.Config) {
			c.Deflection.WebhookURL, c.Deflection.WebhookSecret = srv.URL+"/hook", "hotline-s3cret-of-32-bytes-at-least"
		})
		ctx := context.Background()
		deliver := func() {
			t.Helper()
			if _, err := env.App.Help.RunDeliveries(ctx); err != nil {
				t.Fatal(err)
			}
		}
		_, emp := env.SignUp(t, "emp")
		hotID, hot := env.SignUp(t, "hot")
		anaID, ana := env.SignUp(t, "ana")
		_, other := env.SignUp(t, "other")
		role(t, env, hotID, store.RoleHotline)
		role(t, env, anaID, store.RoleAnalyst)
		id := fileTicket(t, env, emp, "Dock gives no picture", "Both screens stay black since Monday.")
		if res := env.API(t, "POST", "/tickets/"+id+"/assignment", hot, nil); res.Status != http.StatusOK {
			t.Fatalf("take: %d %s", res.Status, res.Body)
		}
		withdraw, reopen := "/tickets/"+id+"/withdraw", "/tickets/"+id+"/reopen"

		for _, c := range []struct {
			path   string
			tok    string
			body   any
			status int
			code   string
			field  string
		}{
			{withdraw, other, nil, 404, "not_found", ""},
			{withdraw, hot, nil, 403, "forbidden", ""},
			{withdraw, ana, nil, 403, "forbidden", ""},
			{withdraw, "", nil, 401, "unauthorized", ""},
			{withdraw, emp, map[string]any{"reason": strings.Repeat("x", 501)}, 422, "invalid", "reason"},
			{withdraw, emp, map[string]any{"reason": "found\nit"}, 422, "invalid", "reason"},
			{withdraw, emp, map[string]any{"why": "found it"}, 422, "invalid", "why"},
			{"/tickets/999999/withdraw", emp, nil, 404, "not_found", ""},
			{reopen, emp, map[string]any{"body": "It broke again."}, 409, "conflict", ""},
		} {
			res := env.API(t, "POST", c.path, c.tok, c.body)
			code, _, fields := apiError(t, res)
			if res.Status != c.status || code != c.code || (c.field != "" && fields[c.field] == nil) {
				t.Errorf("%s %v: %d %s", c.path, c.body, res.Status, res.Body)
			}
		}

		res := env.API(t, "POST", withdraw, emp, map[string]any{"reason": "I found the answer"})
		got := res.Map(t)
		if res.Status != http.StatusOK || got["status"] != "withdrawn" || got["withdrawal_reason"] != "I found the answer" || got["withdrawn_at"] == nil {
			t.Fatalf("withdraw: %d %s", res.Status, res.Body)
		}
		res = env.API(t, "POST", withdraw, emp, nil)
		if code, _, _ := apiError(t, res); res.Status != http.StatusConflict || code != "conflict" {
			t.Fatalf("a second withdrawal: %d %s", res.Status, res.Body)
		}
		if ids := ticketIDs(t, env.API(t, "GET", "/tickets?status=open", hot, nil)); len(ids) != 0 {
			t.Fatalf("the open queue: %v", ids)
		}
		if types := inboxTypes(t, env, hot); !strings.Contains(types, "ticket_withdrawn") {
			t.Fatalf("the agent's inbox: %s", types)
		}
		deliver()
		if hs := hook.event("ticket.withdrawn"); len(hs) != 1 || hs[0]["header_event"] != "ticket.withdrawn" || hs[0]["reason"] != "I found the answer" ||
			itoa(int64(hs[0]["ticket"].(map[string]any)["id"].(float64))) != id {
			t.Fatalf("ticket.withdrawn: %v", hs)
		}

		for _, c := range []struct {
			tok    string
			body   any
			status int
			field  string
		}{
			{other, map[string]any{"body": "Mine too."}, 404, ""},
			{hot, map[string]any{"body": "Reopening."}, 403, ""},
			{emp, map[string]any{"body": "  "}, 422, "body"},
			{emp, nil, 400, ""},
			{emp, map[string]any{"body": "Again.", "waiting": true}, 422, "waiting"},
		} {
			res := env.API(t, "POST", reopen, c.tok, c.body)
			_, _, fields := apiError(t, res)
			if res.Status != c.status || (c.field != "" && fields[c.field] == nil) {
				t.Errorf("reopen %v: %d %s", c.body, res.Status, res.Body)
			}
		}
		clk.Advance(24 * time.Hour)
		res = env.API(t, "POST", reopen, emp, map[string]any{"body": "The picture is gone again."})
		if got := res.Map(t); res.Status != http.StatusOK || got["status"] != "open" || got["withdrawn_at"] != nil || got["withdrawal_reason"] != "" {
			t.Fatalf("reopen: %d %s", res.Status, res.Body)
		}
		if types := inboxTypes(t, env, hot); !strings.Contains(types, "ticket_reopened") {
			t.Fatalf("the agent's inbox: %s", types)
		}
		deliver()
		if hs := hook.event("ticket.reopened"); len(hs) != 1 || hs[0]["header_event"] != "ticket.reopened" || hs[0]["ticket_status"] != "open" ||
			hs[0]["message"].(map[string]any)["body"] != "The picture is gone again." {
			t.Fatalf("ticket.reopened: %v", hs)
		}
		var msgs struct {
			Items []struct{ Body string } `json:"items"`
		}
		env.API(t, "GET", "/tickets/"+id+"/messages", hot, nil).JSON(t, &msgs)
		if len(msgs.Items) != 1 || msgs.Items[0].Body != "The picture is gone again." {
			t.Fatalf("the conversation: %+v", msgs)
		}

		// Resolved, then past the window: a new ticket.
		if res := env.API(t, "POST", "/tickets/"+id+"/resolution", hot, map[string]any{"answer": "Update the dock's firmware with the vendor's tool, then replug it."}); res.Status != http.StatusOK {
			t.Fatalf("resolve: %d %s", res.Status, res.Body)
		}
		clk.Advance(deflection.ReopenWindow + time.Minute)
		res = env.API(t, "POST", reopen, emp, map[string]any{"body": "Still black."})
		code, msg, _ := apiError(t, res)
		if res.Status != http.StatusConflict || code != "conflict" || !strings.Contains(msg, "file a new ticket") {
			t.Fatalf("reopening after the window: %d %s", res.Status, res.Body)
		}
		if st := env.API(t, "GET", "/tickets/"+id, emp, nil).Map(t)["status"]; st != "resolved" {
			t.Fatalf("after a late reopening the ticket is %v", st)
		}
	})
}
