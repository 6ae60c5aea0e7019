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

// TestFollowFromGetHelpAsYouType: the suggestions the script shows while
// the problem is typed carry, for a question nobody answered yet, the same
// Follow button as the page without a script (a log-in link for a visitor
// who is not logged in); a member clicks it, the form posts with its CSRF
// token, and they are back on their help request, the question followed.
func TestFollowFromGetHelpAsYouType(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	_, dora := env.SignUp(t, "dora")
	qid := env.Ask(t, dora, "Laptop fan is loud during video calls", "laptop")
	q := strconv.FormatInt(qid, 10)
	emmaID, _ := env.SignUp(t, "emma")
	env.Searchable(t)
	const problem = "laptop fan very loud in video calls"
	browser := testkit.Browser(t)

	anon := testkit.Tab(t, browser, 60*time.Second)
	err := chromedp.Do(anon,
		chromedp.Navigate(env.URL+"/help"),
		chromedp.WaitVisible("#help-query"),
		chromedp.SendKeys("#help-query", problem),
		chromedp.WaitVisible(`#suggestion-`+q+` .help-follow a`),
	)
	if err != nil {
		t.Fatalf("a visitor types the problem: %v", err)
	}
	href, err := chromedp.Run(anon, chromedp.Evaluate[string](`document.querySelector("#suggestion-`+q+` .help-follow a").getAttribute("href")`))
	if err != nil || !strings.HasPrefix(href, "/login?why=help_follow&next=%2Fhelp%2F") {
		t.Fatalf("the visitor's log-in link %q: %v", href, err)
	}

	emp := testkit.Tab(t, browser, 60*time.Second)
	err = chromedp.Do(emp,
		chromedp.Navigate(env.URL+"/login"),
		chromedp.WaitVisible("#login"),
		chromedp.SendKeys("#login", "emma"),
		chromedp.SendKeys("#password", "correct horse battery"),
		chromedp.Submit("#password"),
		chromedp.WaitVisible("a.me"),
		chromedp.Navigate(env.URL+"/help"),
		chromedp.WaitVisible("#help-query"),
		chromedp.SendKeys("#help-query", problem),
		chromedp.WaitVisible(`#suggestion-`+q+` .help-follow button[aria-pressed="false"]`),
		chromedp.Click(`#suggestion-`+q+` .help-follow button`),
		// Back on the help request, rendered by the server: followed.
		chromedp.WaitVisible(`#suggestion-`+q+` .help-follow button[aria-pressed="true"]`),
	)
	if err != nil {
		t.Fatalf("a member follows from Get help: %v", err)
	}
	path, err := chromedp.Run(emp, chromedp.Evaluate[string](`location.pathname + location.hash`))
	if err != nil || !strings.HasPrefix(path, "/help/") || !strings.HasSuffix(path, "#suggestion-"+q) {
		t.Fatalf("after following: %q %v", path, err)
	}
	var n int64
	if err := env.App.Store.DB.Table("question_follows").Where("user_id = ? AND question_id = ? AND NOT muted", emmaID, qid).Count(&n).Error; err != nil || n != 1 {
		t.Fatalf("follows %d: %v", n, err)
	}
	// Typing again: the script's list knows it is followed.
	err = chromedp.Do(emp,
		chromedp.Navigate(env.URL+"/help"),
		chromedp.WaitVisible("#help-query"),
		chromedp.SendKeys("#help-query", problem),
		chromedp.WaitVisible(`#suggestion-`+q+` .help-follow button[aria-pressed="true"]`),
	)
	if err != nil {
		t.Fatalf("the followed question as the problem is typed again: %v", err)
	}
}
