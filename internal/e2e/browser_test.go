// Package e2e drives the real product in a real browser.
package e2e

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"stackdesk/internal/store"
	"stackdesk/internal/store/storetest"
	"stackdesk/internal/testkit"
)

func TestMain(m *testing.M) { storetest.Main(m) }

func TestAskAndAnswerInBrowser(t *testing.T) {
	env := testkit.Boot(t, store.Postgres)
	browser := testkit.Browser(t)
	ada := testkit.Tab(t, browser, 60*time.Second)
	bob := testkit.Tab(t, browser, 60*time.Second)

	steps := func(name string) chromedp.Action[chromedp.Void] {
		return chromedp.Steps(
			chromedp.Navigate(env.URL+"/signup"),
			chromedp.WaitVisible("#username"),
			chromedp.SendKeys("#username", name),
			chromedp.SendKeys("#email", name+"@example.com"),
			chromedp.SendKeys("#password", "correct horse battery"),
			chromedp.Submit("#password"),
			chromedp.WaitVisible("a.me"),
		)
	}
	if err := chromedp.Do(ada, steps("ada")); err != nil {
		t.Fatalf("ada signs up: %v", err)
	}
	body := "The printer on floor 3 prints **blank pages**.\n\n```bash\nlpstat -p floor3\n```\n\n| Driver | Result |\n|---|---|\n| v1 | blank |\n"
	err := chromedp.Do(ada,
		chromedp.Navigate(env.URL+"/questions/ask"),
		chromedp.WaitVisible("#title"),
		chromedp.SendKeys("#title", "Printer on floor 3 prints blank pages"),
		chromedp.SetValue("#body", body),
		chromedp.SendKeys("#tags", "printer floor-3"),
		chromedp.Submit("#tags"),
		chromedp.WaitVisible("#q-title"),
	)
	if err != nil {
		t.Fatalf("ada asks: %v", err)
	}
	qURL, err := chromedp.Run(ada, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(bob, steps("bob")); err != nil {
		t.Fatalf("bob signs up: %v", err)
	}
	err = chromedp.Do(bob,
		chromedp.Navigate(qURL),
		chromedp.WaitVisible("#answer-body"),
		chromedp.SendKeys("#answer-body", "Reinstall the driver: `sudo lpadmin -x floor3` and add it again."),
		chromedp.Submit("#answer-body"),
		chromedp.WaitVisible(".answer .body code"),
	)
	if err != nil {
		t.Fatalf("bob answers: %v", err)
	}
	// The rendered page, as ada sees it after reloading.
	if err := chromedp.Do(ada, chromedp.Navigate(qURL), chromedp.WaitVisible(".answer")); err != nil {
		t.Fatal(err)
	}
	title, err := chromedp.Run(ada, chromedp.Text("#q-title"))
	if err != nil || title != "Printer on floor 3 prints blank pages" {
		t.Fatalf("title = %q, %v", title, err)
	}
	strong, _ := chromedp.Run(ada, chromedp.Text(".question .body strong"))
	code, _ := chromedp.Run(ada, chromedp.Text(".question .body pre code"))
	cell, _ := chromedp.Run(ada, chromedp.Text(".question .body table td"))
	answer, _ := chromedp.Run(ada, chromedp.Text(".answer .body code"))
	author, _ := chromedp.Run(ada, chromedp.Text(".answer .user-card a"))
	if strong != "blank pages" || !strings.Contains(code, "lpstat -p floor3") || cell != "v1" ||
		answer != "sudo lpadmin -x floor3" || author != "bob" {
		t.Fatalf("rendered: strong=%q code=%q cell=%q answer=%q author=%q", strong, code, cell, answer, author)
	}
	heading, _ := chromedp.Run(ada, chromedp.Text("#answers-title"))
	if heading != "1 answer" {
		t.Fatalf("answers heading = %q", heading)
	}
}

// TestSimilarQuestionsWhileAskingAndVotingInPlace types a title on the Ask
// page and sees an existing question appear, then votes without a reload.
func TestSimilarQuestionsWhileAskingAndVotingInPlace(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	_, ada := env.SignUp(t, "ada")
	_, bob := env.SignUp(t, "bob")
	q := env.Ask(t, ada, "Outlook keeps asking for my password every hour", "outlook")
	a := env.Answer(t, bob, q, "Delete the stored Outlook credentials in the Windows Credential Manager.")
	if res := env.API(t, "POST", "/answers/"+strconv.FormatInt(a, 10)+"/accept", ada, nil); res.Status != 200 {
		t.Fatalf("accept: %d", res.Status)
	}
	env.Searchable(t)

	browser := testkit.Browser(t)
	tab := testkit.Tab(t, browser, 60*time.Second)
	err := chromedp.Do(tab,
		chromedp.Navigate(env.URL+"/signup"),
		chromedp.WaitVisible("#username"),
		chromedp.SendKeys("#username", "carl"),
		chromedp.SendKeys("#email", "carl@example.com"),
		chromedp.SendKeys("#password", "correct horse battery"),
		chromedp.Submit("#password"),
		chromedp.WaitVisible("a.me"),
		chromedp.Navigate(env.URL+"/questions/ask"),
		chromedp.WaitVisible("#title"),
		chromedp.SendKeys("#title", "outlook asks for password again and again"),
		chromedp.WaitVisible("#similar li a"),
	)
	if err != nil {
		t.Fatalf("similar questions did not appear: %v", err)
	}
	link, _ := chromedp.Run(tab, chromedp.Text("#similar li a"))
	excerpt, _ := chromedp.Run(tab, chromedp.Text("#similar .excerpt"))
	if link != "Outlook keeps asking for my password every hour" || !strings.Contains(excerpt, "Credential Manager") {
		t.Fatalf("similar: %q / %q", link, excerpt)
	}
	url, _ := chromedp.Run(tab, chromedp.Location())
	if !strings.HasSuffix(url, "/questions/ask") {
		t.Fatalf("the page reloaded: %s", url)
	}

	// Vote the answer up in place: the score changes and the page does not reload.
	sel := "#answer-" + strconv.FormatInt(a, 10)
	err = chromedp.Do(tab,
		chromedp.Navigate(env.URL+"/questions/"+strconv.FormatInt(q, 10)),
		chromedp.WaitVisible(sel+" .vote.up"),
		chromedp.Evaluate[chromedp.Void](`window.__marker = 1`),
		chromedp.Click(sel+" .vote.up"),
		chromedp.WaitVisible(sel+` .vote.up[aria-pressed="true"]`),
	)
	if err != nil {
		t.Fatalf("vote in place: %v", err)
	}
	score, _ := chromedp.Run(tab, chromedp.Text(sel+" .score-value"))
	marker, _ := chromedp.Run(tab, chromedp.Evaluate[int](`window.__marker || 0`))
	if score != "1" || marker != 1 {
		t.Fatalf("after voting: score %q, page kept (marker) %d", score, marker)
	}
}
