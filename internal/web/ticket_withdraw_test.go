package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestTicketWithdrawReopenPages: the employee's ticket page offers to
// withdraw it (in German too); a refused reason says why beside the field
// and keeps it; withdrawn, the ticket leaves the queue, its holder reads it
// in the inbox and the hotline's page shows it in the ticket's history
// with the reason; the employee reopens it with a message (refused
// without one, beside the field). Resolved longer ago than the window,
// the page says to file a new ticket and a stale reopening is refused on
// the page. Nobody else gets the forms or may send them.
func TestTicketWithdrawReopenPages(t *testing.T) {
	for _, d := range []store.Dialect{store.Postgres, store.SQLite} {
		t.Run(string(d), func(t *testing.T) {
			env := testkit.Boot(t, d)
			_, tok := env.SignUp(t, "emp")
			for _, name := range []string{"hot", "other"} {
				env.SignUp(t, name)
			}
			setRole(t, env, "hot", store.RoleHotline)
			res := env.API(t, "POST", "/help-sessions", tok, map[string]any{"query": "docking station gives no picture"})
			path := "/help-sessions/" + itoa(int64(res.Map(t)["id"].(float64)))
			res = env.API(t, "POST", path+"/outcome", tok, map[string]any{"outcome": "ticket", "ticket": map[string]any{
				"subject": "Dock gives no picture", "body": "Both screens stay black since Monday.", "email": "emp@example.com"}})
			if res.Status != http.StatusOK {
				t.Fatalf("ticket: %d %s", res.Status, res.Body)
			}
			id := itoa(int64(res.Map(t)["ticket"].(map[string]any)["id"].(float64)))
			page := "/tickets/" + id
			hot, emp, other := newBrowser(env), newBrowser(env), newBrowser(env)
			hot.logIn(t, "hot")
			emp.logIn(t, "emp")
			other.logIn(t, "other")
			if res := hot.post(t, page, page+"/take", url.Values{}); res.Status != http.StatusSeeOther {
				t.Fatalf("take: %d", res.Status)
			}

			contains(t, emp.get(t, page), `<h2 id="withdraw-title">Withdraw this ticket</h2>`, `action="/tickets/`+id+`/withdraw"`,
				`name="reason"`, `placeholder="I found the answer"`)
			contains(t, emp.get(t, page, "Accept-Language", "de"), `<h2 id="withdraw-title">Ticket zurückziehen</h2>`, "Warum (freiwillig)")
			if strings.Contains(string(hot.get(t, page).Body), `/withdraw"`) {
				t.Error("the hotline is offered to withdraw the employee's ticket")
			}
			if res := other.post(t, "/tickets", page+"/withdraw", url.Values{}); res.Status != http.StatusNotFound {
				t.Fatalf("another's withdrawal: %d", res.Status)
			}
			if res := hot.post(t, page, page+"/withdraw", url.Values{}); res.Status != http.StatusForbidden {
				t.Fatalf("the hotline's withdrawal: %d", res.Status)
			}

			long := strings.Repeat("found it ", 60)
			res = emp.post(t, page, page+"/withdraw", url.Values{"reason": {long}})
			if res.Status != http.StatusUnprocessableEntity {
				t.Fatalf("a long reason: %d", res.Status)
			}
			contains(t, res, `aria-describedby="reason-error"`, `<p class="field-error" id="reason-error" role="alert">`, `value="`+strings.TrimSpace(long))

			if res := emp.post(t, page, page+"/withdraw", url.Values{"reason": {"I found the answer"}}); res.Status != http.StatusSeeOther {
				t.Fatalf("withdraw: %d %s", res.Status, res.Body)
			}
			own := emp.get(t, page)
			contains(t, own, `<span class="status status-withdrawn">withdrawn</span>`, `id="withdrawn">You withdrew this ticket`,
				`<h2 id="reopen-title">Reopen this ticket</h2>`, `action="/tickets/`+id+`/reopen"`, `<h2 id="history-title">History</h2>`)
			if strings.Contains(string(own.Body), `/withdraw"`) || strings.Contains(string(own.Body), `id="message-body"`) {
				t.Error("a withdrawn ticket still offers to withdraw it or write on it")
			}
			agent := hot.get(t, page)
			contains(t, agent, `id="withdrawn">Withdrawn by the employee`, "The employee withdrew the ticket", "Reason: I found the answer")
			if body := string(agent.Body); strings.Contains(body, `id="take"`) || strings.Contains(body, `action="/tickets/`+id+`/resolve"`) || strings.Contains(body, `/reopen"`) {
				t.Error("the hotline is offered to take, resolve or reopen a withdrawn ticket")
			}
			if strings.Contains(string(hot.get(t, "/tickets").Body), `<td><a href="/tickets/`+id+`">`) {
				t.Error("the queue of open tickets lists a withdrawn one")
			}
			contains(t, hot.get(t, "/tickets?status=withdrawn"), `id="tickets-withdrawn" aria-current="true"`, `<td><a href="/tickets/`+id+`">`)
			contains(t, hot.get(t, "/inbox"), "withdrew a ticket you held", "Dock gives no picture")

			res = emp.post(t, page, page+"/reopen", url.Values{"body": {"  "}})
			if res.Status != http.StatusUnprocessableEntity {
				t.Fatalf("a reopening without a message: %d", res.Status)
			}
			contains(t, res, `aria-describedby="body-error"`, `<p class="field-error" id="body-error" role="alert">Write a message.</p>`)
			if res := emp.post(t, page, page+"/reopen", url.Values{"body": {"The picture is gone again since the update."}}); res.Status != http.StatusSeeOther {
				t.Fatalf("reopen: %d %s", res.Status, res.Body)
			}
			contains(t, emp.get(t, page), `<span class="status status-open">open</span>`, "The picture is gone again since the update.", `action="/tickets/`+id+`/withdraw"`)
			contains(t, hot.get(t, page), "The employee reopened the ticket", `id="take"`)
			contains(t, hot.get(t, "/inbox"), "reopened a ticket you worked on")

			// Resolved more than 14 days ago: a new ticket.
			if res := hot.post(t, page, page+"/resolve", url.Values{"answer": {"Update the dock's firmware with the vendor's tool, then replug it."}}); res.Status != http.StatusSeeOther {
				t.Fatalf("resolve: %d %s", res.Status, res.Body)
			}
			form := emp.get(t, page) // with the reopening form, soon stale
			contains(t, form, `action="/tickets/`+id+`/reopen"`)
			if err := env.App.Store.DB.Exec("UPDATE tickets SET resolved_at = ? WHERE id = ?", time.Now().Add(-15*24*time.Hour), id).Error; err != nil {
				t.Fatal(err)
			}
			late := emp.get(t, page)
			contains(t, late, `id="reopen-expired"`, "can no longer be reopened", `<a href="/help">Get help again</a>`)
			if strings.Contains(string(late.Body), `action="/tickets/`+id+`/reopen"`) {
				t.Error("the page offers to reopen a ticket past the window")
			}
			res = emp.post(t, page, page+"/reopen", url.Values{"body": {"Still black."}})
			if res.Status != http.StatusConflict {
				t.Fatalf("a late reopening: %d", res.Status)
			}
			contains(t, res, `<div class="alert" role="alert">This ticket was closed more than 14 days ago and can no longer be reopened: file a new ticket.</div>`)
		})
	}
}
