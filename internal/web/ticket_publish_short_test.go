package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestPublishingATicketWithAShortSubject: a ticket's subject may be shorter
// than a question's title must be, and the published question's title
// defaults to it. Resolving with publishing then says so beside the title
// (prefilled with the subject, to be lengthened) and keeps the answer,
// text and tags as typed; nothing is written until a long enough title
// comes, on the page or through the API.
func TestPublishingATicketWithAShortSubject(t *testing.T) {
	for _, d := range []store.Dialect{store.Postgres, store.SQLite} {
		t.Run(string(d), func(t *testing.T) {
			env := testkit.Boot(t, d)
			_, tok := env.SignUp(t, "emp")
			_, hotTok := env.SignUp(t, "hot")
			setRole(t, env, "hot", store.RoleHotline)
			res := env.API(t, "POST", "/help-sessions", tok, map[string]any{"query": "docking station gives no picture"})
			path := "/help-sessions/" + itoa(int64(res.Map(t)["id"].(float64)))
			res = env.API(t, "POST", path+"/outcome", tok, map[string]any{"outcome": "ticket", "ticket": map[string]any{
				"subject": "Dock broken", "body": "Both screens stay black since Monday.", "email": "emp@example.com", "consent_publish": true}})
			if res.Status != http.StatusOK {
				t.Fatalf("ticket: %d %s", res.Status, res.Body)
			}
			id := itoa(int64(res.Map(t)["ticket"].(map[string]any)["id"].(float64)))
			page := "/tickets/" + id
			hot := newBrowser(env)
			hot.logIn(t, "hot")
			// The tags it would be published with are in the form (the
			// employee viewed no question: the hotline's).
			contains(t, hot.get(t, page), `<input id="pub-tags" name="tags" dir="auto" value="hotline"`)
			answer := "Update the dock's firmware with the vendor tool and restart."
			form := url.Values{"answer": {answer}, "publish": {"on"}, "tags": {"docking"}, "question_body": {"Both screens stay black since Monday, after the update."}}
			res = hot.post(t, page, page+"/resolve", form)
			if res.Status != http.StatusUnprocessableEntity {
				t.Fatalf("resolve with a short subject: %d %s", res.Status, res.Body)
			}
			contains(t, res, `<input id="pub-title" name="title" dir="auto" value="Dock broken"`,
				`<p class="field-error" id="title-error" role="alert">The title is the ticket&#39;s subject unless you give one, and it does not fit a question&#39;s title: write a title of 15 to 150 characters.</p>`,
				`Update the dock&#39;s firmware with the vendor tool and restart.</textarea>`, `>Both screens stay black since Monday, after the update.</textarea>`, `value="docking"`)
			var n int64
			env.App.Store.DB.Model(&store.Post{}).Count(&n)
			if tk := env.API(t, "GET", "/tickets/"+id, hotTok, nil).Map(t); n != 0 || tk["status"] != "open" || tk["published_question_id"] != nil {
				t.Fatalf("a refused publication wrote something: %d posts, ticket %v", n, tk)
			}
			// A title typed too short is said as the question form says it.
			form.Set("title", "Dock is broken")
			contains(t, hot.post(t, page, page+"/resolve", form), `value="Dock is broken"`, `id="title-error" role="alert">Use at least 15 characters.</p>`)

			// The API says the same of the defaulted title.
			res = env.API(t, "POST", "/tickets/"+id+"/resolution", hotTok, map[string]any{"answer": answer, "tags": []string{"docking"}})
			fields, _ := res.Map(t)["error"].(map[string]any)["fields"].(map[string]any)
			if title, _ := fields["title"].(string); res.Status != http.StatusUnprocessableEntity || !strings.Contains(title, "ticket's subject") {
				t.Fatalf("the API: %d %s", res.Status, res.Body)
			}
			form.Set("title", "Docking station shows no picture on either screen")
			if res := hot.post(t, page, page+"/resolve", form); res.Status != http.StatusSeeOther {
				t.Fatalf("resolve with a long enough title: %d %s", res.Status, res.Body)
			}
			if tk := env.API(t, "GET", "/tickets/"+id, hotTok, nil).Map(t); tk["status"] != "resolved" || tk["published_question_id"] == nil {
				t.Fatalf("not published: %v", tk)
			}
		})
	}
}
