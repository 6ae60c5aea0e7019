package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"stackdesk/internal/deflection"
	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestSolvedOnAnotherQuestionAfterSolved: a help session ended solved by
// one question; its searcher opens another suggestion and presses "This
// solved my problem" there. The later word stands: the done page leads to
// that question, the session is solved by it, and the dashboard still
// counts one solved session. The API's outcome does the same.
func TestSolvedOnAnotherQuestionAfterSolved(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		_, bob := env.SignUp(t, "bob")
		_, carol := env.SignUp(t, "carol")
		q1 := env.Ask(t, bob, "Laptop does not wake from sleep", "laptop")
		env.Answer(t, carol, q1, "Update the firmware of the dock, then the laptop wakes again.")
		q2 := env.Ask(t, bob, "Docking station loses the monitor after sleep", "docking")
		a2 := env.Answer(t, carol, q2, "Disable USB selective suspend in the power options.")
		q1s, q2s := itoa(q1), itoa(q2)

		emp := newBrowser(env)
		emp.signUp(t, "emma")
		res := emp.post(t, "/help", "/help", url.Values{"query": {"Laptop screen stays black after sleep"}})
		sid := helpPathRE.FindStringSubmatch(res.Header.Get("Location"))[1]
		solved := func(qid string) *testkit.Response {
			t.Helper()
			open := emp.get(t, "/help/"+sid+"/open/"+qid)
			page := "/questions/" + qid + "?help=" + sid
			if open.Status != http.StatusSeeOther || open.Header.Get("Location") != page {
				t.Fatalf("open %s: %d %s", qid, open.Status, open.Header.Get("Location"))
			}
			contains(t, emp.get(t, page), `id="help-solved-yes"`, `name="session" value="`+sid+`"`)
			return emp.post(t, page, "/help/solved", url.Values{"session": {sid}, "question_id": {qid}})
		}
		if res := solved(q1s); res.Status != http.StatusSeeOther || res.Header.Get("Location") != "/help/"+sid+"/done" {
			t.Fatalf("solved by q1: %d %s", res.Status, res.Header.Get("Location"))
		}
		contains(t, emp.get(t, "/help/"+sid+"/done"), `href="/questions/`+q1s+`"`)

		if res := solved(q2s); res.Status != http.StatusSeeOther || res.Header.Get("Location") != "/help/"+sid+"/done" {
			t.Fatalf("solved by q2: %d %s", res.Status, res.Header.Get("Location"))
		}
		done := emp.get(t, "/help/"+sid+"/done")
		contains(t, done, `data-outcome="solved"`, `href="/questions/`+q2s+`"`)
		if strings.Contains(string(done.Body), `href="/questions/`+q1s+`"`) {
			t.Fatalf("the done page still leads to the first question:\n%s", done.Body)
		}
		var s deflection.Session
		if err := env.App.Store.DB.Where("id = ?", sid).Take(&s).Error; err != nil {
			t.Fatal(err)
		}
		if s.OutcomeName() != deflection.OutcomeSolved || s.QuestionID == nil || *s.QuestionID != q2 || s.AnswerID == nil || *s.AnswerID != a2 {
			t.Fatalf("the session: %s, question %v, answer %v; want solved by %d with %d", s.OutcomeName(), s.QuestionID, s.AnswerID, q2, a2)
		}

		// Through the API, another member's: the same.
		_, tok := env.SignUp(t, "finn")
		path := "/help-sessions/" + itoa(int64(env.API(t, "POST", "/help-sessions", tok, map[string]any{"query": "Monitor stays dark after sleep"}).Map(t)["id"].(float64)))
		for _, qid := range []int64{q1, q2} {
			out := env.API(t, "POST", path+"/outcome", tok, map[string]any{"outcome": "solved", "question_id": qid})
			if out.Status != http.StatusOK || out.Map(t)["question_id"].(float64) != float64(qid) {
				t.Fatalf("API solved by %d: %d %s", qid, out.Status, out.Body)
			}
		}

		today := time.Now().UTC().Truncate(24 * time.Hour)
		r, err := env.App.Help.Dashboard(context.Background(), &store.User{Role: store.RoleAdmin},
			deflection.Query{From: today.AddDate(0, 0, -1), To: today.AddDate(0, 0, 1), Interval: "day"})
		if err != nil {
			t.Fatal(err)
		}
		if r.Totals.Sessions != 2 || r.Totals.Solved != 2 || r.Totals.Open != 0 {
			t.Fatalf("totals: sessions %d solved %d open %d, want 2, 2, 0", r.Totals.Sessions, r.Totals.Solved, r.Totals.Open)
		}
	})
}
