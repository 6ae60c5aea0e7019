package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"stackdesk/internal/testkit"
)

// TestExpiredFormAfterLogOutOffersLogIn checks a form sent after logging
// out (in another tab) is refused as expired with the text kept, the way
// back to its page and a log-in link that returns there; a logged-in
// member whose form fails the same way gets no log-in link.
func TestExpiredFormAfterLogOutOffersLogIn(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		_, bob := env.SignUp(t, "bob")
		env.SignUp(t, "ada")
		qid := env.Ask(t, bob, "Printer prints blank pages", "printer")
		qpath := fmt.Sprintf("/questions/%d", qid)
		login := `href="/login?next=` + url.QueryEscape(qpath) + `"`
		b := newBrowser(env)
		b.logIn(t, "ada")
		answer := url.Values{"_csrf": {string(csrfRE.FindSubmatch(b.get(t, qpath).Body)[1])},
			"body": {"Swap the toner cartridge; the old one is empty."}}
		send := func(lang string) *testkit.Response {
			req, _ := http.NewRequest("POST", env.URL+qpath+"/answers", strings.NewReader(answer.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("Referer", env.URL+qpath)
			req.Header.Set("Accept-Language", lang)
			return b.do(t, req)
		}
		// Logged in, with a token that is not the session's: no log-in link.
		good := answer.Get("_csrf")
		answer.Set("_csrf", "forged")
		res := send("en")
		if res.Status != http.StatusForbidden {
			t.Fatalf("a forged token: %d", res.Status)
		}
		contains(t, res, "The form expired", `href="`+qpath+`"`)
		if strings.Contains(string(res.Body), `href="/login`) {
			t.Fatalf("a logged-in member is offered to log in:\n%s", res.Body)
		}
		answer.Set("_csrf", good)

		b.post(t, "/", "/logout", url.Values{})
		res = send("en")
		if res.Status != http.StatusForbidden {
			t.Fatalf("answer after logging out: %d", res.Status)
		}
		contains(t, res, "The form expired", ">Swap the toner cartridge; the old one is empty.</textarea>",
			`href="`+qpath+`"`, login+`>Log in</a>`)
		contains(t, send("de"), login+`>Anmelden</a>`, ">Swap the toner cartridge; the old one is empty.</textarea>")

		// The link's log-in page returns to the question.
		page := b.get(t, "/login?next="+url.QueryEscape(qpath))
		contains(t, page, `name="next" value="`+qpath+`"`)
		res = b.post(t, "/login?next="+url.QueryEscape(qpath), "/login", url.Values{"login": {"ada"}, "password": {"correct horse battery"}, "next": {qpath}})
		if res.Status != http.StatusSeeOther || res.Header.Get("Location") != qpath {
			t.Fatalf("log in from the link: %d to %q", res.Status, res.Header.Get("Location"))
		}
	})
}
