package e2e

import (
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestCloseAsDuplicateInBrowser has an asker, logged in, open the close form
// under their question, paste the address of an answered question and
// close theirs as its duplicate: the page then leads to the original by its
// title, and the answer form is gone.
func TestCloseAsDuplicateInBrowser(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	_, bob := env.SignUp(t, "bob")
	_, ada := env.SignUp(t, "ada")
	original := env.Ask(t, bob, "Outlook keeps asking for my password", "outlook")
	env.Answer(t, bob, original, "Remove the stored credentials in the Windows credential manager.")
	q := env.Ask(t, ada, "Outlook password prompt appears every hour", "outlook")

	tab := testkit.Tab(t, testkit.Browser(t), 60*time.Second)
	qURL := env.URL + "/questions/" + strconv.FormatInt(q, 10)
	err := chromedp.Do(tab,
		chromedp.Navigate(env.URL+"/login?next=/questions/"+strconv.FormatInt(q, 10)),
		chromedp.WaitVisible("#login"),
		chromedp.SendKeys("#login", "ada"),
		chromedp.SendKeys("#password", "correct horse battery"),
		chromedp.Submit("#password"),
		chromedp.WaitVisible("#q-title"),
		chromedp.Click(".close-question summary"),
		chromedp.WaitVisible("#duplicate-of"),
		chromedp.SendKeys("#duplicate-of", env.URL+"/questions/"+strconv.FormatInt(original, 10)+"/outlook-keeps-asking-for-my-password"),
		chromedp.Submit("#duplicate-of"),
		chromedp.WaitVisible(".closed-note a"),
	)
	if err != nil {
		t.Fatalf("closing as a duplicate: %v", err)
	}
	link, err := chromedp.Run(tab, chromedp.Text(".closed-note a"))
	if err != nil || link != "Outlook keeps asking for my password" {
		t.Fatalf("the notice links %q: %v", link, err)
	}
	// Back at the question's canonical address, with its slug.
	if at, err := chromedp.Run(tab, chromedp.Location()); err != nil || at != qURL+"/outlook-password-prompt-appears-every-hour" {
		t.Fatalf("after closing the browser is at %q: %v", at, err)
	}
	if forms, err := chromedp.Run(tab, chromedp.Evaluate[int](`document.querySelectorAll("#answer-body, .close-question").length`)); err != nil || forms != 0 {
		t.Fatalf("a closed question still shows %d answer or close forms: %v", forms, err)
	}
}
