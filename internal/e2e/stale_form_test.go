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

// TestFormLeftOpenDoesNotSendAsTheNextPerson: ada writes an answer in one
// tab; in another tab of the same browser she logs out and bob logs in.
// Sent from her tab, the answer is refused as expired, with its text kept,
// and is not saved as bob's. Chromium says its requests are the site's own
// (Sec-Fetch-Site), which passes the form check without a token: the
// session's token must hold all the same. Bob's own answer, from a page he
// opened, is saved.
func TestFormLeftOpenDoesNotSendAsTheNextPerson(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	_, carl := env.SignUp(t, "carl")
	env.SignUp(t, "ada")
	env.SignUp(t, "bob")
	q := env.Ask(t, carl, "VPN drops every ten minutes on the train", "vpn")
	qURL := env.URL + "/questions/" + strconv.FormatInt(q, 10)
	first := testkit.Tab(t, testkit.Browser(t), 60*time.Second)
	logIn := func(name string) chromedp.Action[chromedp.Void] {
		return chromedp.Steps(
			chromedp.Navigate(env.URL+"/login"), chromedp.WaitVisible("#login"),
			chromedp.SendKeys("#login", name), chromedp.SendKeys("#password", "correct horse battery"),
			chromedp.Submit("#password"), chromedp.WaitVisible("a.me"),
		)
	}
	if err := chromedp.Do(first, logIn("ada"), chromedp.Navigate(qURL), chromedp.WaitVisible("#answer-body"),
		chromedp.SendKeys("#answer-body", "Turn off the power saving of the wireless card; it drops the tunnel.")); err != nil {
		t.Fatalf("ada writes an answer: %v", err)
	}
	// Another tab, whose requests share the cookies: ada logs out, bob logs in.
	swapped, err := chromedp.Run(first, chromedp.Evaluate[string](`(async () => {
		const form = fields => ({method: "POST", body: new URLSearchParams(fields)});
		const token = html => html.match(/name="_csrf" value="([^"]*)"/)[1];
		const home = await (await fetch("/")).text();
		await fetch("/logout", form({_csrf: token(home)}));
		const login = await (await fetch("/login")).text();
		const res = await fetch("/login", form({_csrf: token(login), login: "bob", password: "correct horse battery"}));
		return (await res.text()).match(/class="me" title="([^"]*)"/)[1];
	})()`, chromedp.EvalAwaitPromise))
	if err != nil || swapped != "bob" {
		t.Fatalf("ada logs out and bob logs in, in another tab: %q, %v", swapped, err)
	}
	if err := chromedp.Do(first, chromedp.Submit("#answer-body"), chromedp.WaitVisible("main textarea")); err != nil {
		t.Fatalf("ada sends her answer: %v", err)
	}
	page, err := chromedp.Run(first, chromedp.Text("main"))
	if err != nil || !strings.Contains(page, "The form expired") {
		t.Fatalf("ada's answer from before the log-out: %q, %v", page, err)
	}
	kept, err := chromedp.Run(first, chromedp.Value("main textarea"))
	if err != nil || !strings.Contains(kept, "power saving of the wireless card") {
		t.Fatalf("the refused answer's text is not kept: %q, %v", kept, err)
	}
	if err := chromedp.Do(first, chromedp.Navigate(qURL), chromedp.WaitVisible("#answer-body"),
		chromedp.SendKeys("#answer-body", "Bob here: update the VPN client to the version the portal offers."),
		chromedp.Submit("#answer-body"), chromedp.WaitVisible(".answer")); err != nil {
		t.Fatalf("bob answers from his own page: %v", err)
	}
	var answers struct {
		Items []struct {
			Body   string `json:"body"`
			Author struct {
				Username string `json:"username"`
			} `json:"author"`
		} `json:"items"`
	}
	res := env.API(t, "GET", "/questions/"+strconv.FormatInt(q, 10)+"/answers", "", nil)
	res.JSON(t, &answers)
	if a := answers.Items; len(a) != 1 || a[0].Author.Username != "bob" || !strings.Contains(a[0].Body, "Bob here") {
		t.Fatalf("answers = %+v, want bob's own alone", a)
	}
}
