package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"stackdesk/internal/config"
	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

var questionURL = regexp.MustCompile(`^/questions/([0-9]+)`)

// TestNewMembersThrottledOnPages: /privileges states the throttles on new
// members and tells a new member they apply; a question, answer or comment
// too soon is refused (429, Retry-After) with the reason beside the form
// that was sent, the typed text kept; an established member is told none.
func TestNewMembersThrottledOnPages(t *testing.T) {
	for _, d := range []store.Dialect{store.Postgres, store.SQLite} {
		t.Run(string(d), func(t *testing.T) {
			env := testkit.Boot(t, d, func(c *config.Config) {
				c.NewMembers = config.NewMembers{Below: 10, Questions: 2, QuestionWindow: 24 * time.Hour,
					AnswerGap: time.Minute, CommentGap: 30 * time.Second}
			})
			b := newBrowser(env)
			b.signUp(t, "newbie")
			contains(t, b.get(t, "/privileges"), `<h2 id="new-members-title">New members</h2>`, "Members with less than 10 reputation are new",
				"at most 2 questions in 24 hours,", "at least 1 minute between their answers,", "at least 30 seconds between their comments.",
				"You are a new member")

			ask := func(title string) *testkit.Response {
				return b.post(t, "/questions/ask", "/questions/ask", url.Values{"title": {title},
					"body": {"Since this morning this does not work at all. Details follow."}, "tags": {"printer"}})
			}
			var qid string
			for _, title := range []string{"Printer prints blank pages", "Scanner sends no e-mail anymore"} {
				res := ask(title)
				if res.Status != http.StatusSeeOther {
					t.Fatalf("ask %q: %d %s", title, res.Status, res.Body)
				}
				qid = questionURL.FindStringSubmatch(res.Header.Get("Location"))[1]
			}
			res := ask("Monitor stays black after docking")
			throttledPage(t, "third question", res, "New members ask at most 2 questions in 24 hours",
				`value="Monitor stays black after docking"`, ">Since this morning this does not work at all. Details follow.</textarea>")

			page := "/questions/" + qid
			answer := func(body string) *testkit.Response {
				return b.post(t, page, page+"/answers", url.Values{"body": {body}})
			}
			if res := answer("Restart the print spooler, that fixed it for me."); res.Status != http.StatusSeeOther {
				t.Fatalf("answer: %d %s", res.Status, res.Body)
			}
			throttledPage(t, "second answer", answer("Or reinstall the driver from the vendor's site."),
				`<p class="field-error" id="body-error" role="alert">New members leave 1 minute between their answers`,
				">Or reinstall the driver from the vendor&#39;s site.</textarea>")

			comment := func(body string) *testkit.Response {
				return b.post(t, page, "/posts/"+qid+"/comments", url.Values{"body": {body}})
			}
			if res := comment("Which printer model is it?"); res.Status != http.StatusSeeOther {
				t.Fatalf("comment: %d %s", res.Status, res.Body)
			}
			res = comment("And which driver version?")
			throttledPage(t, "second comment", res, `<details class="add-comment" open>`,
				"New members leave 30 seconds between their comments", ">And which driver version?</textarea>")
			if strings.Contains(string(res.Body), `<div class="alert" role="alert">`) {
				t.Fatal("the comment's refusal shows above the answer form too")
			}

			// An established member is no new member.
			if err := env.App.Store.DB.Model(&store.User{}).Where("username = ?", "newbie").Update("reputation", 10).Error; err != nil {
				t.Fatal(err)
			}
			if strings.Contains(string(b.get(t, "/privileges").Body), "You are a new member") {
				t.Fatal("/privileges tells an established member the limits apply")
			}
			if res := comment("And which driver version?"); res.Status != http.StatusSeeOther {
				t.Fatalf("an established member's comment: %d %s", res.Status, res.Body)
			}
		})
	}
}

// throttledPage fails unless res is the page again, 429 with a
// Retry-After, holding every part.
func throttledPage(t *testing.T, what string, res *testkit.Response, parts ...string) {
	t.Helper()
	if res.Status != http.StatusTooManyRequests || res.Header.Get("Retry-After") == "" {
		t.Fatalf("%s: %d (Retry-After %q), want 429 with Retry-After", what, res.Status, res.Header.Get("Retry-After"))
	}
	contains(t, res, parts...)
}
