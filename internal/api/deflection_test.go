package api_test

import (
	"net/http"
	"strings"
	"testing"

	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// role gives a user a role directly in the database, and their tokens the
// scope that reaches it, as if the account had been made with the role (a
// token does not widen with its owner: see TestChangeRoleThroughAPI).
func role(t *testing.T, env *testkit.Env, id int64, r string) {
	t.Helper()
	if err := env.App.Store.DB.Model(&store.User{}).Where("id = ?", id).Update("role", r).Error; err != nil {
		t.Fatal(err)
	}
	if err := env.App.Store.DB.Model(&store.APIToken{}).Where("user_id = ?", id).Update("scope", store.ScopeStaff).Error; err != nil {
		t.Fatal(err)
	}
}

func TestHelpSessionsAPI(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		_, carol := env.SignUp(t, "carol")
		bobID, bob := env.SignUp(t, "bob")
		qid := env.Ask(t, carol, "Outlook keeps asking for my password", "outlook")
		aid := env.Answer(t, bob, qid, "Remove the saved credentials in the Windows credential manager.")
		env.Searchable(t)
		empID, emp := env.SignUp(t, "emp")

		// Start: suggestions come back, answered ones with the accepted answer's words.
		res := env.API(t, "POST", "/help-sessions", emp, map[string]any{"query": "outlook asks for password again and again"})
		if res.Status != http.StatusCreated {
			t.Fatalf("start: %d %s", res.Status, res.Body)
		}
		var s struct {
			ID          int64
			Holdout     bool
			Outcome     *string
			Suggestions []struct {
				ID  int64
				URL string
			}
		}
		res.JSON(t, &s)
		if s.ID == 0 || s.Holdout || s.Outcome != nil || len(s.Suggestions) == 0 || s.Suggestions[0].ID != qid {
			t.Fatalf("session %+v", s)
		}
		path := "/help-sessions/" + itoa(s.ID)

		// Bad input.
		cases := []struct {
			method, path string
			body         any
			status       int
			field        string
		}{
			{"POST", "/help-sessions", map[string]any{"query": "x"}, 422, "query"},
			{"POST", "/help-sessions", map[string]any{"query": 5}, 422, "query"},
			{"POST", path + "/events", map[string]any{"type": "click"}, 422, "type"},
			{"POST", path + "/events", map[string]any{"type": "view"}, 422, "question_id"},
			{"POST", path + "/events", map[string]any{"type": "view", "question_id": 999999}, 422, "question_id"},
			{"POST", path + "/outcome", map[string]any{"outcome": "abandoned"}, 422, "outcome"},
			{"POST", path + "/outcome", map[string]any{"outcome": "maybe"}, 422, "outcome"},
			{"POST", path + "/outcome", map[string]any{"outcome": "solved"}, 422, "question_id"},
			{"POST", path + "/outcome", map[string]any{"outcome": "ticket", "ticket": map[string]any{"subject": "x"}}, 422, "ticket.subject"},
			{"POST", "/help-sessions/999999/outcome", map[string]any{"outcome": "solved", "question_id": qid}, 404, ""},
			{"POST", "/help-sessions/999999/events", map[string]any{"type": "search", "query": "hello"}, 404, ""},
			{"GET", "/help-sessions/999999", nil, 404, ""},
		}
		for _, c := range cases {
			res := env.API(t, c.method, c.path, emp, c.body)
			if res.Status != c.status {
				t.Fatalf("%s %s %v: %d %s", c.method, c.path, c.body, res.Status, res.Body)
			}
			if c.field != "" {
				if f, _ := res.Map(t)["error"].(map[string]any)["fields"].(map[string]any); f[c.field] == nil {
					t.Fatalf("%s %v: no message for %s: %s", c.path, c.body, c.field, res.Body)
				}
			}
		}
		// Someone else's session is not found.
		_, other := env.SignUp(t, "other")
		if res := env.API(t, "GET", path, other, nil); res.Status != 404 {
			t.Fatalf("foreign session: %d", res.Status)
		}

		// Events, then the outcome: solved rewards the answer's author.
		if res := env.API(t, "POST", path+"/events", emp, map[string]any{"type": "view", "question_id": qid}); res.Status != 201 {
			t.Fatalf("view: %d %s", res.Status, res.Body)
		}
		res = env.API(t, "POST", path+"/outcome", emp, map[string]any{"outcome": "solved", "question_id": qid})
		if res.Status != 200 || res.Map(t)["outcome"] != "solved" || res.Map(t)["answer_id"].(float64) != float64(aid) {
			t.Fatalf("outcome: %d %s", res.Status, res.Body)
		}
		// Sent again (a retry): the same answer, nothing more; solved by another question conflicts.
		if res := env.API(t, "POST", path+"/outcome", emp, map[string]any{"outcome": "solved", "question_id": qid}); res.Status != 200 || res.Map(t)["outcome"] != "solved" {
			t.Fatalf("the same outcome again: %d %s", res.Status, res.Body)
		}
		if res := env.API(t, "POST", path+"/outcome", emp, map[string]any{"outcome": "solved", "question_id": qid + 1000}); res.Status != http.StatusConflict || res.ErrorCode() != "conflict" {
			t.Fatalf("second outcome: %d %s", res.Status, res.Body)
		}
		if res := env.API(t, "POST", path+"/events", emp, map[string]any{"type": "search", "query": "more"}); res.Status != http.StatusConflict {
			t.Fatalf("event after the outcome: %d", res.Status)
		}
		if u := env.API(t, "GET", "/users/"+itoa(bobID), "", nil).Map(t); u["reputation"].(float64) != 1+5 {
			t.Fatalf("bob's reputation %v", u["reputation"])
		}

		// An anonymous visitor is known by the cookie the first call sets.
		res = env.API(t, "POST", "/help-sessions", "", map[string]any{"query": "outlook password prompt loop"})
		if res.Status != 201 || !strings.Contains(res.Header.Get("Set-Cookie"), "stackdesk_visitor=") {
			t.Fatalf("anonymous start: %d %v", res.Status, res.Header)
		}
		anonPath := "/help-sessions/" + itoa(int64(res.Map(t)["id"].(float64)))
		res = env.API(t, "POST", anonPath+"/outcome", "", map[string]any{"outcome": "ticket", "ticket": map[string]any{
			"subject": "Outlook password loop", "body": "It asks every five minutes.", "email": "anon@example.com", "consent_publish": true, "question_ids": []int64{qid}}})
		if res.Status != 200 || res.Map(t)["ticket"] == nil {
			t.Fatalf("ticket: %d %s", res.Status, res.Body)
		}
		ticketID := int64(res.Map(t)["ticket"].(map[string]any)["id"].(float64))
		if res := (&testkit.Env{URL: env.URL, Client: testkit.NewClient()}).API(t, "GET", anonPath, "", nil); res.Status != 404 {
			t.Fatalf("another browser reads the session: %d", res.Status)
		}

		// The dashboard: 401 anonymous, 403 for users, 422 for bad parameters, the figures for analysts.
		if res := env.API(t, "GET", "/analytics/deflection", "", nil); res.Status != 401 {
			t.Fatalf("anonymous analytics: %d", res.Status)
		}
		if res := env.API(t, "GET", "/analytics/deflection?interval=hour", emp, nil); res.Status != 403 {
			t.Fatalf("user analytics: %d", res.Status)
		}
		anaID, ana := env.SignUp(t, "ana")
		role(t, env, anaID, store.RoleAnalyst)
		for _, q := range []string{"interval=hour", "from=2026-02-30", "to=tomorrow", "from=2026-03-10&to=2026-03-01", "tag=NOT%20A%20TAG", "tag=nosuchtag", "from=2020-01-01&interval=day"} {
			if res := env.API(t, "GET", "/analytics/deflection?"+q, ana, nil); res.Status != 422 {
				t.Fatalf("%s: %d %s", q, res.Status, res.Body)
			}
		}
		res = env.API(t, "GET", "/analytics/deflection?interval=month", ana, nil)
		if res.Status != 200 {
			t.Fatalf("analytics: %d %s", res.Status, res.Body)
		}
		var rep struct {
			Totals    map[string]any
			Intervals []map[string]any
		}
		res.JSON(t, &rep)
		tot := rep.Totals
		if tot["sessions"].(float64) != 2 || tot["solved"].(float64) != 1 || tot["tickets"].(float64) != 1 || tot["deflection_rate"].(float64) != 0.5 ||
			tot["tickets_avoided"].(float64) != 1 || tot["cost_avoided"].(float64) != 20 || len(rep.Intervals) == 0 || rep.Intervals[0]["start"] == nil {
			t.Fatalf("analytics %s", res.Body)
		}
		if _, ok := rep.Intervals[0]["community_resolved"]; !ok {
			t.Fatalf("interval lacks community_resolved: %v", rep.Intervals[0])
		}

		// Tickets: listed for the hotline, resolved by it (a second resolution is 409); others see their own.
		hotID, hot := env.SignUp(t, "hana") // an agent, made one below (a member may not be called hotline)
		role(t, env, hotID, store.RoleHotline)
		if res := env.API(t, "GET", "/tickets", emp, nil); res.Status != 200 || res.Map(t)["total"].(float64) != 0 {
			t.Fatalf("user lists tickets: %d %s", res.Status, res.Body)
		}
		list := env.API(t, "GET", "/tickets?status=open", hot, nil)
		if list.Status != 200 || !strings.Contains(string(list.Body), "anon@example.com") || list.Map(t)["total"].(float64) != 1 {
			t.Fatalf("tickets: %d %s", list.Status, list.Body)
		}
		if res := env.API(t, "GET", "/tickets?status=weird", hot, nil); res.Status != 422 {
			t.Fatalf("bad status: %d", res.Status)
		}
		wantFields(t, "bad order", env.API(t, "GET", "/tickets?order=sideways", hot, nil), "order")
		if res := env.API(t, "GET", "/tickets?order=oldest", hot, nil); res.Status != 200 {
			t.Fatalf("oldest first: %d %s", res.Status, res.Body)
		}
		if res := env.API(t, "GET", "/tickets/"+itoa(ticketID), ana, nil); res.Status != 200 || strings.Contains(string(res.Body), "anon@example.com") {
			t.Fatalf("analyst sees the contact: %s", res.Body)
		}
		resolution := map[string]any{"answer": "Delete the Outlook profile and create it again; the loop stops.", "title": "Outlook asks for the password in a loop",
			"question_body": "Outlook asks for the password every five minutes and never accepts it.", "tags": []string{"outlook"}}
		if res := env.API(t, "POST", "/tickets/"+itoa(ticketID)+"/resolution", emp, resolution); res.Status != 403 {
			t.Fatalf("user resolves: %d", res.Status)
		}
		if res := env.API(t, "POST", "/tickets/999999/resolution", hot, resolution); res.Status != 404 {
			t.Fatalf("missing ticket: %d", res.Status)
		}
		if res := env.API(t, "POST", "/tickets/"+itoa(ticketID)+"/resolution", hot, map[string]any{"answer": "short"}); res.Status != 422 {
			t.Fatalf("short answer: %d", res.Status)
		}
		res = env.API(t, "POST", "/tickets/"+itoa(ticketID)+"/resolution", hot, resolution)
		if res.Status != 200 || res.Map(t)["status"] != "resolved" || res.Map(t)["published_question_id"] == nil {
			t.Fatalf("resolve: %d %s", res.Status, res.Body)
		}
		pub := int64(res.Map(t)["published_question_id"].(float64))
		q := env.API(t, "GET", "/questions/"+itoa(pub), "", nil).Map(t)
		if q["title"] != "Outlook asks for the password in a loop" || q["is_accepted"] != true || q["author"] != nil {
			t.Fatalf("published %v", q)
		}
		answers := env.API(t, "GET", "/questions/"+itoa(pub)+"/answers", "", nil)
		if !strings.Contains(string(answers.Body), "Answered by the hotline.") {
			t.Fatalf("answers %s", answers.Body)
		}
		if res := env.API(t, "POST", "/tickets/"+itoa(ticketID)+"/resolution", hot, resolution); res.Status != http.StatusConflict {
			t.Fatalf("second resolution: %d", res.Status)
		}

		// The delivery queue is for admins.
		if res := env.API(t, "GET", "/deliveries", hot, nil); res.Status != 403 {
			t.Fatalf("hotline lists deliveries: %d", res.Status)
		}
		role(t, env, empID, store.RoleAdmin)
		if res := env.API(t, "GET", "/deliveries?ticket_id=abc", hot, nil); res.Status != 403 {
			t.Fatalf("hotline lists deliveries with a bad filter: %d", res.Status)
		}
		if res := env.API(t, "GET", "/deliveries", emp, nil); res.Status != 200 || res.Map(t)["total"].(float64) != 0 {
			t.Fatalf("deliveries: %d %s", res.Status, res.Body)
		}
		for _, bad := range []string{"abc", "0", "99999999999999999999"} {
			wantFields(t, "ticket_id="+bad, env.API(t, "GET", "/deliveries?ticket_id="+bad, emp, nil), "ticket_id")
		}
		if res := env.API(t, "POST", "/deliveries/999999/retry", emp, nil); res.Status != 404 {
			t.Fatalf("retry missing: %d", res.Status)
		}
	})
}
