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
// whole, to log in, with a link to the log-in page that says why (as
// without JavaScript) and brings them back to the post they voted on once
// logged in.
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
	if err != nil || !strings.HasPrefix(got, "Log in to vote") || !strings.HasSuffix(got, "/login?why=vote&next="+strings.ReplaceAll(qpath, "/", "%2f")+"%23answer-"+strconv.FormatInt(a, 10)) {
		t.Fatalf("the notice: %s (%v)", got, err)
	}
	err = chromedp.Do(tab, chromedp.Click(".vote-login a"), chromedp.WaitVisible("#login"))
	if err != nil {
		t.Fatalf("following the notice: %v", err)
	}
	why, err := chromedp.Run(tab, chromedp.Text(".login-why"))
	if err != nil {
		t.Fatal(err)
	}
	err = chromedp.Do(tab,
		chromedp.SendKeys("#login", "bob"), chromedp.SendKeys("#password", "correct horse battery"),
		chromedp.Submit("#password"), chromedp.WaitVisible("a.me"),
	)
	if err != nil {
		t.Fatalf("logging in from the notice: %v", err)
	}
	if why != "Log in to vote; you come back to the post afterwards." {
		t.Fatalf("the log-in page says %q", why)
	}
	if at, err := chromedp.Run(tab, chromedp.Location()); err != nil || at != env.URL+qpath+answer {
		t.Fatalf("after logging in the reader is at %s (%v), want %s", at, err, env.URL+qpath+answer)
	}
}

// TestEndedSessionOffersLogIn: an asker whose session ended while the
// question was open and who clicks an answer's accept mark, or a vote
// arrow, is told to log in, as a reader who was never logged in is, with
// a link that says why and brings them back to the answer.
func TestEndedSessionOffersLogIn(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	_, ada := env.SignUp(t, "ada")
	_, bob := env.SignUp(t, "bob")
	q := env.Ask(t, ada, "Printer on floor 3 prints blank pages", "printer")
	a := env.Answer(t, bob, q, "Swap the toner cartridge: an empty one prints blank pages without a warning.")
	qpath := "/questions/" + strconv.FormatInt(q, 10) + "/printer-on-floor-3-prints-blank-pages"
	answer := "#answer-" + strconv.FormatInt(a, 10)
	tab := testkit.Tab(t, testkit.Browser(t), 60*time.Second)
	err := chromedp.Do(tab,
		chromedp.Navigate(env.URL+"/login"),
		chromedp.WaitVisible("#login"),
		chromedp.SendKeys("#login", "ada"), chromedp.SendKeys("#password", "correct horse battery"),
		chromedp.Submit("#password"), chromedp.WaitVisible("a.me"),
		chromedp.Navigate(env.URL+qpath),
		chromedp.WaitVisible(answer+" button.accept"),
	)
	if err != nil {
		t.Fatalf("ada opens her question: %v", err)
	}
	if err := env.App.Store.DB.Exec("DELETE FROM sessions").Error; err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ click, why, says string }{
		{answer + " .vote.up", "vote", "Log in to vote; you come back to this post."},
		{answer + " button.accept", "accept", "Log in to accept this answer; you come back to it afterwards."},
	} {
		err = chromedp.Do(tab,
			chromedp.Click(c.click),
			chromedp.WaitVisible(answer+" .post-main > .vote-login a[href*='why="+c.why+"']"),
		)
		if err != nil {
			t.Fatalf("%s after the session ended: %v", c.why, err)
		}
		got, err := chromedp.Run(tab, chromedp.Evaluate[string](`(() => {
			const notes = document.querySelectorAll(".vote-login");
			if (notes.length != 1) return notes.length + " notices";
			if (document.querySelector(".inline-error")) return "an error beside the form too";
			return notes[0].textContent.trim() + " | " + notes[0].querySelector("a").getAttribute("href");
		})()`))
		if want := "/login?why=" + c.why + "&next=" + strings.ReplaceAll(qpath, "/", "%2f") + "%23answer-" + strconv.FormatInt(a, 10); err != nil || !strings.HasPrefix(got, c.says) || !strings.HasSuffix(got, want) {
			t.Fatalf("%s: the notice: %s (%v), want %q ... %s", c.why, got, err, c.says, want)
		}
	}
	err = chromedp.Do(tab, chromedp.Click(".vote-login a"), chromedp.WaitVisible("#login"))
	if err != nil {
		t.Fatalf("following the notice: %v", err)
	}
	why, err := chromedp.Run(tab, chromedp.Text(".login-why"))
	if err != nil {
		t.Fatal(err)
	}
	err = chromedp.Do(tab,
		chromedp.SendKeys("#login", "ada"), chromedp.SendKeys("#password", "correct horse battery"),
		chromedp.Submit("#password"), chromedp.WaitVisible("a.me"),
	)
	if err != nil || why != "Log in to accept this answer; you come back to it afterwards." {
		t.Fatalf("logging in from the notice: the page says %q (%v)", why, err)
	}
	if at, err := chromedp.Run(tab, chromedp.Location()); err != nil || at != env.URL+qpath+answer {
		t.Fatalf("after logging in the asker is at %s (%v), want %s", at, err, env.URL+qpath+answer)
	}
}
