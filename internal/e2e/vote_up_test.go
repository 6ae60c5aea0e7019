package e2e

import (
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"stackdesk/internal/config"
	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestVoteUpRefusedInPlace: a member whose reputation fell below
// STACKDESK_PRIV_VOTE_UP after the page loaded votes up in place and is
// told why beside the arrows, the score and the arrow unchanged.
func TestVoteUpRefusedInPlace(t *testing.T) {
	env := testkit.Boot(t, store.SQLite, func(c *config.Config) { c.Reputation.VoteUp = 15 })
	_, ada := env.SignUp(t, "ada")
	q := env.Ask(t, ada, "Printer on floor 3 prints blank pages", "printer")
	setRep := func(rep int) {
		t.Helper()
		if err := env.App.Store.DB.Model(&store.User{}).Where("username = ?", "carl").Update("reputation", rep).Error; err != nil {
			t.Fatal(err)
		}
	}
	sel := "#post-" + strconv.FormatInt(q, 10)
	tab := testkit.Tab(t, testkit.Browser(t), 60*time.Second)
	if err := chromedp.Do(tab, signUp(env, "carl")); err != nil {
		t.Fatalf("sign up: %v", err)
	}
	setRep(15)
	err := chromedp.Do(tab,
		chromedp.Navigate(env.URL+"/questions/"+strconv.FormatInt(q, 10)),
		chromedp.WaitVisible(sel+" .vote.up:not([disabled])"),
	)
	if err != nil {
		t.Fatalf("the question page: %v", err)
	}
	setRep(14)
	err = chromedp.Do(tab,
		chromedp.Click(sel+" .vote.up"),
		chromedp.WaitVisible(sel+" .vote-form .inline-error"),
	)
	if err != nil {
		t.Fatalf("vote in place: %v", err)
	}
	msg, _ := chromedp.Run(tab, chromedp.Text(sel+" .vote-form .inline-error"))
	score, _ := chromedp.Run(tab, chromedp.Text(sel+" .score-value"))
	pressed, _ := chromedp.Run(tab, chromedp.Evaluate[string](`document.querySelector("`+sel+` .vote.up").getAttribute("aria-pressed")`))
	if msg != "Voting up needs 15 reputation; you have 14." || score != "0" || pressed != "false" {
		t.Fatalf("after a refused vote: message %q, score %q, pressed %q", msg, score, pressed)
	}
}
