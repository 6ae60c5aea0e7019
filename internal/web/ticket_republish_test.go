package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestReopenedPublishedTicketPage: the hotline's page of a published
// ticket its employee reopened says, above the resolve form, that the
// answer joins the published question (in German too) and offers no second
// publication; resolved there, the question shows the new answer accepted
// and the first one no longer.
func TestReopenedPublishedTicketPage(t *testing.T) {
	for _, d := range []store.Dialect{store.Postgres, store.SQLite} {
		t.Run(string(d), func(t *testing.T) {
			env := testkit.Boot(t, d)
			_, tok := env.SignUp(t, "emp")
			env.SignUp(t, "hot")
			setRole(t, env, "hot", store.RoleHotline)
			res := env.API(t, "POST", "/help-sessions", tok, map[string]any{"query": "docking station gives no picture"})
			path := "/help-sessions/" + itoa(int64(res.Map(t)["id"].(float64)))
			res = env.API(t, "POST", path+"/outcome", tok, map[string]any{"outcome": "ticket", "ticket": map[string]any{
				"subject": "Dock gives no picture", "body": "Both screens stay black since Monday.", "consent_publish": true}})
			if res.Status != http.StatusOK {
				t.Fatalf("ticket: %d %s", res.Status, res.Body)
			}
			id := itoa(int64(res.Map(t)["ticket"].(map[string]any)["id"].(float64)))
			page := "/tickets/" + id
			hot := newBrowser(env)
			hot.logIn(t, "hot")
			if strings.Contains(string(hot.get(t, page).Body), `id="resolve-published"`) {
				t.Fatal("a ticket never published says its answer joins a question")
			}
			first := "Update the dock's firmware with the vendor's tool, then plug it in again."
			if res := hot.post(t, page, page+"/resolve", url.Values{"answer": {first}, "publish": {"on"}}); res.Status != http.StatusSeeOther {
				t.Fatalf("resolve: %d %s", res.Status, res.Body)
			}
			var tk struct {
				PublishedQuestionID int64 `json:"published_question_id"`
			}
			env.API(t, "GET", page, tok, nil).JSON(t, &tk)
			if tk.PublishedQuestionID == 0 {
				t.Fatal("not published")
			}
			if res := env.API(t, "POST", page+"/reopen", tok, map[string]any{"body": "The screens are black again."}); res.Status != http.StatusOK {
				t.Fatalf("reopen: %d %s", res.Status, res.Body)
			}
			q := "/questions/" + itoa(tk.PublishedQuestionID)
			res = hot.get(t, page)
			contains(t, res, `<p class="muted" id="resolve-published"><a href="`+q+`">This ticket was published as a question: your answer will be added to it and accepted there in place of the earlier one.</a></p>`)
			if strings.Contains(string(res.Body), `name="publish"`) {
				t.Error("a ticket published before is offered to be published again")
			}
			contains(t, hot.get(t, page, "Accept-Language", "de"), "Dieses Ticket wurde als Frage veröffentlicht: Ihre Antwort wird dort hinzugefügt")
			again := "Connect the dock to the other USB-C port, the one marked with a lightning bolt."
			if res := hot.post(t, page, page+"/resolve", url.Values{"answer": {again}}); res.Status != http.StatusSeeOther {
				t.Fatalf("resolve again: %d %s", res.Status, res.Body)
			}
			body := string(hot.get(t, q).Body)
			_, accepted, ok := strings.Cut(body, `<article class="answer accepted"`)
			if !ok {
				t.Fatalf("the question has no accepted answer:\n%s", body)
			}
			accepted, _, _ = strings.Cut(accepted, "</article>")
			if !strings.Contains(accepted, "lightning bolt") || strings.Contains(accepted, "firmware") || !strings.Contains(body, "firmware") {
				t.Fatalf("the accepted answer is not the new one:\n%s", accepted)
			}
		})
	}
}
