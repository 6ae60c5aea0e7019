package api_test

import (
	"net/http"
	"testing"

	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestTicketLanguageField: a ticket, alone and in the list, says the
// language to answer the employee in (as the webhook's ticket.language
// does): their account's setting when they filed it logged in. The
// hotline, analysts and the employee (their own language) read it; the
// OpenAPI Ticket schema names it.
func TestTicketLanguageField(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		empID, emp := env.SignUp(t, "emp")
		_, enEmp := env.SignUp(t, "emily")
		hotID, hot := env.SignUp(t, "hot")
		anaID, ana := env.SignUp(t, "ana")
		role(t, env, hotID, store.RoleHotline)
		role(t, env, anaID, store.RoleAnalyst)
		if err := env.App.Store.DB.Model(&store.User{}).Where("id = ?", empID).Update("language", "de").Error; err != nil {
			t.Fatal(err)
		}
		de := fileTicket(t, env, emp, "Dock gives no picture", "Both screens stay black since Monday.")
		en := fileTicket(t, env, enEmp, "VPN drops every few minutes", "The client says timeout and reconnects.")
		want := map[string]string{de: "de", en: "en"}
		for _, who := range []struct{ name, tok string }{{"hot", hot}, {"ana", ana}} {
			res := env.API(t, "GET", "/tickets?status=all", who.tok, nil)
			var l struct {
				Items []struct {
					ID       int64   `json:"id"`
					Language *string `json:"language"`
				} `json:"items"`
			}
			res.JSON(t, &l)
			if res.Status != http.StatusOK || len(l.Items) != 2 {
				t.Fatalf("%s's list: %d %s", who.name, res.Status, res.Body)
			}
			for _, it := range l.Items {
				if it.Language == nil || *it.Language != want[itoa(it.ID)] {
					got := "no language"
					if it.Language != nil {
						got = *it.Language
					}
					t.Errorf("%s's list: ticket #%d in %s, want %s", who.name, it.ID, got, want[itoa(it.ID)])
				}
			}
			for id, lang := range want {
				if got := env.API(t, "GET", "/tickets/"+id, who.tok, nil).Map(t)["language"]; got != lang {
					t.Errorf("%s reads #%s in %v, want %s", who.name, id, got, lang)
				}
			}
		}
		if got := env.API(t, "GET", "/tickets/"+de, emp, nil).Map(t)["language"]; got != "de" {
			t.Errorf("the employee reads their ticket in %v", got)
		}

		var doc struct {
			Comps struct {
				Schemas map[string]struct {
					Properties map[string]any `json:"properties"`
				} `json:"schemas"`
			} `json:"components"`
		}
		env.API(t, "GET", "/openapi.json", "", nil).JSON(t, &doc)
		s, ok := doc.Comps.Schemas["Ticket"]
		if !ok {
			s = doc.Comps.Schemas["TicketJSON"]
		}
		if _, ok := s.Properties["language"]; !ok || s.Properties["status"] == nil {
			t.Errorf("the OpenAPI Ticket schema has no language: %v", s.Properties)
		}
	})
}

// TestTicketListStatusAllAndActive: the page's own status values work in
// the API: all lists every ticket (as no status does), active the open
// ones and those waiting on the employee; others stay 422.
func TestTicketListStatusAllAndActive(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		_, emp := env.SignUp(t, "emp")
		hotID, hot := env.SignUp(t, "hot")
		role(t, env, hotID, store.RoleHotline)
		open := fileTicket(t, env, emp, "Dock gives no picture", "Both screens stay black since Monday.")
		waiting := fileTicket(t, env, emp, "VPN drops every few minutes", "The client says timeout and reconnects.")
		resolved := fileTicket(t, env, emp, "Printer prints blank pages", "Every page comes out white since the update.")
		if res := env.API(t, "POST", "/tickets/"+waiting+"/messages", hot, map[string]any{"body": "Which client version?", "waiting": true}); res.Status != http.StatusCreated {
			t.Fatalf("waiting: %d %s", res.Status, res.Body)
		}
		if res := env.API(t, "POST", "/tickets/"+resolved+"/resolution", hot, map[string]any{"answer": "Reinstalled the printer driver; pages print again."}); res.Status != http.StatusOK {
			t.Fatalf("resolve: %d %s", res.Status, res.Body)
		}
		list := func(query string) []string {
			t.Helper()
			res := env.API(t, "GET", "/tickets?order=oldest&"+query, hot, nil)
			if res.Status != http.StatusOK {
				t.Fatalf("%s: %d %s", query, res.Status, res.Body)
			}
			var out []string
			for _, it := range res.Map(t)["items"].([]any) {
				out = append(out, itoa(int64(it.(map[string]any)["id"].(float64))))
			}
			return out
		}
		for q, want := range map[string][]string{
			"status=all": {open, waiting, resolved}, "status=": {open, waiting, resolved},
			"status=active": {open, waiting}, "status=open": {open},
		} {
			if got := list(q); len(got) != len(want) || (len(got) > 0 && (got[0] != want[0] || got[len(got)-1] != want[len(want)-1])) {
				t.Errorf("%s: %v, want %v", q, got, want)
			}
		}
		if res := env.API(t, "GET", "/tickets?status=bogus", hot, nil); res.Status != http.StatusUnprocessableEntity {
			t.Errorf("status=bogus: %d %s", res.Status, res.Body)
		}
	})
}
