package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestTicketNotesAndPriorityPages: on the ticket's page the hotline adds
// an internal note, shown in the conversation marked as internal, and sets
// the priority, which the queue shows, sorts by and filters by; refused
// input says why beside its field (an empty note keeps the form; an
// unknown priority is 400). The employee's page and list show neither
// note nor priority, and their forms are refused to them, even on their
// own ticket. The audit log shows the priority set, in the reader's words;
// the page speaks German to an agent who chose it.
func TestTicketNotesAndPriorityPages(t *testing.T) {
	for _, d := range []store.Dialect{store.Postgres, store.SQLite} {
		t.Run(string(d), func(t *testing.T) {
			env := testkit.Boot(t, d)
			_, tok := env.SignUp(t, "emp")
			for _, name := range []string{"hot", "boss", "other"} {
				env.SignUp(t, name)
			}
			setRole(t, env, "hot", store.RoleHotline)
			setRole(t, env, "boss", store.RoleAdmin)
			res := env.API(t, "POST", "/help-sessions", tok, map[string]any{"query": "docking station gives no picture"})
			session := "/help-sessions/" + itoa(int64(res.Map(t)["id"].(float64)))
			res = env.API(t, "POST", session+"/outcome", tok, map[string]any{"outcome": "ticket", "ticket": map[string]any{
				"subject": "Dock gives no picture", "body": "Both screens stay black since Monday.", "email": "emp@example.com"}})
			if res.Status != http.StatusOK {
				t.Fatalf("ticket: %d %s", res.Status, res.Body)
			}
			id := itoa(int64(res.Map(t)["ticket"].(map[string]any)["id"].(float64)))
			page := "/tickets/" + id
			hot, emp, boss, other := newBrowser(env), newBrowser(env), newBrowser(env), newBrowser(env)
			hot.logIn(t, "hot")
			emp.logIn(t, "emp")
			boss.logIn(t, "boss")
			other.logIn(t, "other")

			contains(t, hot.get(t, page), `<form method="post" action="/tickets/`+id+`/notes" class="stack" id="note-form" novalidate>`,
				`<form method="post" action="/tickets/`+id+`/priority" class="filter" id="priority-form" novalidate>`,
				`<option value="normal" selected>Normal</option>`, `id="ticket-priority">Priority: Normal</span>`)

			// A note: refused empty, beside its field, keeping the page's other forms quiet.
			res = hot.post(t, page, page+"/notes", url.Values{"note": {" \u200b "}})
			if res.Status != http.StatusUnprocessableEntity {
				t.Fatalf("an empty note: %d", res.Status)
			}
			contains(t, res, `aria-describedby="note-hint note-error"`, `<p class="field-error" id="note-error" role="alert">Write a note.</p>`)
			if strings.Contains(string(res.Body), `id="body-error"`) || strings.Contains(string(res.Body), `<div class="alert" role="alert">`) {
				t.Error("the refused note is said at another form")
			}
			if res := hot.postForm(t, page+"/notes", url.Values{"note": {"No CSRF token."}}); res.Status != http.StatusForbidden {
				t.Errorf("a note without the form's token: %d", res.Status)
			}
			if res := hot.post(t, page, page+"/notes", url.Values{"note": {"Known WD19 firmware bug, see KB-112."}}); res.Status != http.StatusSeeOther ||
				!strings.Contains(res.Header.Get("Location"), page+"#note-") {
				t.Fatalf("note: %d %s", res.Status, res.Header.Get("Location"))
			}
			if res := hot.post(t, page, page+"/messages", url.Values{"body": {"Which dock model is it?"}, "waiting": {"on"}}); res.Status != http.StatusSeeOther {
				t.Fatalf("message: %d", res.Status)
			}
			body := string(hot.get(t, page).Body)
			note := strings.Index(body, `class="ticket-message internal-note"`)
			message := strings.Index(body, `class="ticket-message staff"`)
			if note < 0 || message < note || !strings.Contains(body[note:message], `<span class="status status-internal">Internal note</span>`) ||
				!strings.Contains(body[note:message], "Known WD19 firmware bug, see KB-112.") {
				t.Fatalf("the conversation does not show the note, marked internal, before the later message:\n%s", body)
			}

			// The priority: an unknown one said beside the field; then urgent.
			res = hot.post(t, page, page+"/priority", url.Values{"priority": {"critical"}})
			if res.Status != http.StatusBadRequest {
				t.Fatalf("an unknown priority: %d", res.Status)
			}
			contains(t, res, `aria-invalid="true" aria-describedby="priority-error"`,
				`<p class="field-error" id="priority-error" role="alert">The priority is low, normal, high or urgent.</p>`)
			if strings.Count(string(res.Body), "The priority is low, normal, high or urgent.") != 1 {
				t.Error("the refused priority is said at another form too")
			}
			if res := hot.post(t, page, page+"/priority", url.Values{"priority": {"urgent"}}); res.Status != http.StatusSeeOther {
				t.Fatalf("priority: %d %s", res.Status, res.Body)
			}
			contains(t, hot.get(t, page), `<option value="urgent" selected>Urgent</option>`, `id="ticket-priority">Priority: Urgent</span>`)
			contains(t, hot.get(t, "/tickets?status=all&order=priority"), `id="tickets-by-priority" aria-current="true"`,
				`<td><a href="/tickets/`+id+`">`, `<span class="status status-priority-urgent">Urgent</span>`)
			if strings.Contains(string(hot.get(t, "/tickets?status=all&priority=low").Body), `<td><a href="/tickets/`+id+`">`) {
				t.Error("the low ones list an urgent ticket")
			}
			contains(t, hot.get(t, "/tickets?status=all&priority=urgent"), `id="tickets-priority-urgent" aria-current="true"`, `<td><a href="/tickets/`+id+`">`)
			res = hot.get(t, "/tickets?priority=critical")
			if res.Status != http.StatusBadRequest {
				t.Errorf("priority=critical: %d", res.Status)
			}
			contains(t, res, `id="priority-error"`)

			// The employee: nothing of it on their pages; its forms refused, even on their own ticket.
			for _, p := range []string{page, "/tickets", "/tickets?order=priority&priority=urgent"} {
				res := emp.get(t, p)
				b := string(res.Body)
				if res.Status != http.StatusOK || !strings.Contains(b, "Dock gives no picture") {
					t.Fatalf("the employee's %s: %d", p, res.Status)
				}
				for _, leak := range []string{"KB-112", "internal-note", "Internal note", "note-form", "priority-form", "ticket-priority", "Urgent", "status-priority", "tickets-by-priority", "tickets-priorities", "order=priority&amp;status", "priority=urgent&amp;status"} {
					if strings.Contains(b, leak) {
						i := strings.Index(b, leak)
						t.Errorf("the employee's %s shows %q: %s", p, leak, b[max(0, i-200):min(len(b), i+100)])
					}
				}
			}
			if strings.Contains(string(emp.get(t, page).Body), "Which dock model is it?") == false {
				t.Error("the employee does not read the hotline's message")
			}
			if res := emp.post(t, page, page+"/notes", url.Values{"note": {"Can I write one?"}}); res.Status != http.StatusForbidden {
				t.Errorf("the employee writes a note: %d", res.Status)
			}
			if res := emp.post(t, page, page+"/priority", url.Values{"priority": {"low"}}); res.Status != http.StatusForbidden {
				t.Errorf("the employee sets the priority: %d", res.Status)
			}
			if res := other.post(t, "/tickets", page+"/notes", url.Values{"note": {"Mine too!"}}); res.Status != http.StatusNotFound {
				t.Errorf("someone else writes a note: %d", res.Status)
			}
			contains(t, hot.get(t, page), `<option value="urgent" selected>`)

			// The audit log, in the reader's words; the page in German.
			contains(t, boss.get(t, "/admin/audit?action=ticket.priority"), "Ticket priority set", "Normal → Urgent",
				`<a href="/tickets/`+id+`">Ticket #`+id+`</a>`)
			if err := env.App.Store.DB.Model(&store.User{}).Where("username = ?", "hot").Update("language", "de").Error; err != nil {
				t.Fatal(err)
			}
			contains(t, hot.get(t, page), `<span class="status status-internal">Interne Notiz</span>`, "Priorität: Dringend", "Interne Notiz hinzufügen")
		})
	}
}
