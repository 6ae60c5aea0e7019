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

// TestAnonymousVoteOffersLogIn: a reader who is not logged in and clicks a
// vote arrow on a phone is told, in the post's text column where it reads
// whole, to log in, with a link that brings them back to the post they
// voted on once logged in.
func TestAnonymousVoteOffersLogIn(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	_, ada := env.SignUp(t, "ada")
	env.SignUp(t, "bob")
	q := env.Ask(t, ada, "Printer on floor 3 prints blank pages", "printer")
	a := env.Answer(t, ada, q, "Swap the toner cartridge: an empty one prints blank pages without a warning.")
	qpath := "/questions/" + strconv.FormatInt(q, 10) + "/printer-on-floor-3-prints-blank-pages"
	answer := "#answer-" + strconv.FormatInt(a, 10)
	tab := testkit.Tab(t, testkit.Browser(t), 60*time.Second)
	err := chromedp.Do(tab,
		chromedp.EmulateViewport(390, 844),
		chromedp.Navigate(env.URL+qpath),
		chromedp.WaitVisible(answer+" .vote.up"),
		chromedp.Click(answer+" .vote.up"),
		chromedp.WaitVisible(answer+" .post-main > .vote-login"),
	)
	if err != nil {
		t.Fatalf("an anonymous vote: %v", err)
	}
	got, err := chromedp.Run(tab, chromedp.Evaluate[string](`(() => {
		const note = document.querySelector(".vote-login");
		const w = note.getBoundingClientRect().width;
		if (w < 250) return "the notice is " + Math.round(w) + " px wide";
		if (document.querySelectorAll(".vote-login").length != 1) return "more than one notice";
		if (document.querySelector(".vote-form .inline-error")) return "an error in the vote column too";
		return note.textContent.trim() + " | " + note.querySelector("a").getAttribute("href");
	})()`))
	if err != nil || !strings.HasPrefix(got, "Log in to vote") || !strings.HasSuffix(got, "| /login?next="+strings.ReplaceAll(qpath, "/", "%2f")+"%23answer-"+strconv.FormatInt(a, 10)) {
		t.Fatalf("the notice: %s (%v)", got, err)
	}
	err = chromedp.Do(tab,
		chromedp.Click(".vote-login a"),
		chromedp.WaitVisible("#login"),
		chromedp.SendKeys("#login", "bob"), chromedp.SendKeys("#password", "correct horse battery"),
		chromedp.Submit("#password"), chromedp.WaitVisible("a.me"),
	)
	if err != nil {
		t.Fatalf("logging in from the notice: %v", err)
	}
	if at, err := chromedp.Run(tab, chromedp.Location()); err != nil || at != env.URL+qpath+answer {
		t.Fatalf("after logging in the reader is at %s (%v), want %s", at, err, env.URL+qpath+answer)
	}
}
