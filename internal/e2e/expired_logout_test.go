package e2e

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestLogOutFromTheExpiredFormPage: tried as a new user would, a form left
// open from before a new log-in is refused as expired; Log out on that
// page logs out, instead of being refused again as expired itself.
// Chromium says its requests are the site's own (Sec-Fetch-Site), for
// which the refused form's page once carried Echo's stand-in token.
func TestLogOutFromTheExpiredFormPage(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	_, carl := env.SignUp(t, "carl")
	env.SignUp(t, "ada")
	q := env.Ask(t, carl, "The printer on floor 3 prints blank pages", "printers")
	tab := testkit.Tab(t, testkit.Browser(t), 60*time.Second)
	if err := chromedp.Do(tab,
		chromedp.Navigate(env.URL+"/login"), chromedp.WaitVisible("#login"),
		chromedp.SendKeys("#login", "ada"), chromedp.SendKeys("#password", "correct horse battery"),
		sendForm("#password"), chromedp.WaitVisible("a.me"),
		chromedp.Navigate(env.URL+"/questions/"+strconv.FormatInt(q, 10)), chromedp.WaitVisible("#answer-body"),
		chromedp.SendKeys("#answer-body", "Replace the toner cartridge; the old one is empty."),
	); err != nil {
		t.Fatalf("ada writes an answer: %v", err)
	}
	// Meanwhile, in another tab: log out and in again, a new session.
	again, err := chromedp.Run(tab, chromedp.Evaluate[string](`(async () => {
		const form = fields => ({method: "POST", body: new URLSearchParams(fields)});
		const token = html => html.match(/name="_csrf" value="([^"]*)"/)[1];
		await fetch("/logout", form({_csrf: token(await (await fetch("/")).text())}));
		const res = await fetch("/login", form({_csrf: token(await (await fetch("/login")).text()), login: "ada", password: "correct horse battery"}));
		return (await res.text()).match(/class="me" title="([^"]*)"/)[1];
	})()`, chromedp.EvalAwaitPromise))
	if err != nil || again != "ada" {
		t.Fatalf("ada logs in again in another tab: %q, %v", again, err)
	}
	if err := chromedp.Do(tab, sendForm("#answer-body"), chromedp.WaitVisible("main textarea")); err != nil {
		t.Fatalf("ada sends her answer: %v", err)
	}
	page, err := chromedp.Run(tab, chromedp.Text("main"))
	if err != nil || !strings.Contains(page, "The form expired") {
		t.Fatalf("the answer from before the new log-in: %q, %v", page, err)
	}
	if err := chromedp.Do(tab, sendForm(`form[action="/logout"] button`), chromedp.WaitNotPresent("a.me")); err != nil {
		t.Fatalf("Log out on the expired form's page: %v", err)
	}
	state, err := chromedp.Run(tab, chromedp.Evaluate[string](`location.pathname + " " + document.title`))
	if err != nil || !strings.HasPrefix(state, "/ ") {
		t.Fatalf("after Log out: %q, %v, want the first page", state, err)
	}
}
