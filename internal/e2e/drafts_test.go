package e2e

import (
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestDraftsComeBack: what a member typed into the ask form, or an answer
// form, is in the form again when they come back to it, with a notice and
// a button that throws it away; once the form is sent, it is not offered
// again.
func TestDraftsComeBack(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	env.SignUp(t, "ada")
	_, bob := env.SignUp(t, "bob")
	q := env.Ask(t, bob, "Outlook signature disappears after restart", "outlook")
	const title, body = "Docking station monitors stay black", "Since Monday both monitors on my docking station stay black when I plug in the laptop."
	tab := testkit.Tab(t, testkit.Browser(t), 90*time.Second)
	value := func(sel string) string {
		t.Helper()
		v, err := chromedp.Run(tab, chromedp.Evaluate[string](`document.querySelector("`+sel+`").value`))
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	err := chromedp.Do(tab,
		chromedp.Navigate(env.URL+"/login?next=/questions/ask"),
		chromedp.WaitVisible("#login"),
		chromedp.SendKeys("#login", "ada"),
		chromedp.SendKeys("#password", "correct horse battery"),
		chromedp.Submit("#password"),
		chromedp.WaitVisible("#title"),
		chromedp.SendKeys("#title", title),
		chromedp.SendKeys("#body", body),
		chromedp.SendKeys("#tags", "docking"),
	)
	if err != nil {
		t.Fatalf("typing a question: %v", err)
	}
	if _, err := chromedp.Run(tab, chromedp.Poll[bool](`(localStorage.getItem(Object.keys(localStorage).find(k => k.startsWith("stackdesk:draft:ask:")) || "") || "").includes("Docking station")`,
		chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		t.Fatalf("the draft was not kept: %v", err)
	}
	back := func() {
		t.Helper()
		if err := chromedp.Do(tab, chromedp.Navigate(env.URL+"/questions"), chromedp.WaitVisible("main"),
			chromedp.Navigate(env.URL+"/questions/ask"), chromedp.WaitVisible("#title")); err != nil {
			t.Fatal(err)
		}
	}
	back()
	if got := value("#title"); got != title || value("#body") != body || value("#tags") != "docking" {
		t.Fatalf("after coming back the form holds %q, %q, %q", got, value("#body"), value("#tags"))
	}
	if n, err := chromedp.Run(tab, chromedp.Evaluate[int](`document.querySelectorAll(".draft-note").length`)); err != nil || n != 1 {
		t.Fatalf("%d draft notices (%v), want 1", n, err)
	}
	// Thrown away: an empty form, and nothing offered next time.
	if err := chromedp.Do(tab, chromedp.Click(".draft-note button")); err != nil {
		t.Fatal(err)
	}
	if value("#title") != "" || value("#body") != "" {
		t.Fatal("discarding left text in the form")
	}
	back()
	if value("#title") != "" {
		t.Fatal("a discarded draft came back")
	}

	// An answer's draft, then sent: not offered again.
	qPath := "/questions/" + strconv.FormatInt(q, 10)
	const answer = "Open Outlook's options, Mail, Signatures, and pick it again as the default for new messages."
	if err := chromedp.Do(tab, chromedp.Navigate(env.URL+qPath), chromedp.WaitVisible("#answer-body"),
		chromedp.SendKeys("#answer-body", answer)); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(tab, chromedp.Poll[bool](`Object.keys(localStorage).some(k => k.startsWith("stackdesk:draft:answer:`+strconv.FormatInt(q, 10)+`:"))`,
		chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		t.Fatalf("the answer's draft was not kept: %v", err)
	}
	if err := chromedp.Do(tab, chromedp.Navigate(env.URL+"/questions"), chromedp.WaitVisible("main"),
		chromedp.Navigate(env.URL+qPath), chromedp.WaitVisible("#answer-body")); err != nil {
		t.Fatal(err)
	}
	if got := value("#answer-body"); got != answer {
		t.Fatalf("the answer form holds %q after coming back", got)
	}
	if err := chromedp.Do(tab, chromedp.Click(`form[data-draft] button[type="submit"]`), chromedp.WaitVisible(".answer")); err != nil {
		t.Fatalf("sending the answer: %v", err)
	}
	if err := chromedp.Do(tab, chromedp.Navigate(env.URL+qPath), chromedp.WaitVisible("#answer-body")); err != nil {
		t.Fatal(err)
	}
	if got := value("#answer-body"); got != "" {
		t.Fatalf("the answer sent is offered again: %q", got)
	}

	// A send that fails (refused as too short) keeps the draft: back at the
	// form later, it is there again.
	if err := chromedp.Do(tab, chromedp.SendKeys("#answer-body", "Too short."),
		chromedp.Click(`form[data-draft] button[type="submit"]`), chromedp.WaitVisible("#body-error")); err != nil {
		t.Fatalf("a refused answer: %v", err)
	}
	if err := chromedp.Do(tab, chromedp.Navigate(env.URL+"/questions"), chromedp.WaitVisible("main"),
		chromedp.Navigate(env.URL+qPath), chromedp.WaitVisible("#answer-body")); err != nil {
		t.Fatal(err)
	}
	if got := value("#answer-body"); got != "Too short." {
		t.Fatalf("after a refused send the form holds %q, want the draft back", got)
	}
	if err := chromedp.Do(tab, chromedp.Click(".draft-note button")); err != nil {
		t.Fatal(err)
	}

	// A question sent well is forgotten: the ask form is empty afterwards.
	if err := chromedp.Do(tab, chromedp.Navigate(env.URL+"/questions/ask"), chromedp.WaitVisible("#title"),
		chromedp.SendKeys("#title", title), chromedp.SendKeys("#body", body), chromedp.SendKeys("#tags", "docking"),
		sendForm("#tags"), chromedp.WaitVisible("#q-title")); err != nil {
		t.Fatalf("asking: %v", err)
	}
	back()
	if got := value("#title"); got != "" {
		t.Fatalf("the question sent is offered again: %q", got)
	}

	// Logging out forgets the drafts left.
	if err := chromedp.Do(tab, chromedp.Navigate(env.URL+qPath), chromedp.WaitVisible("#answer-body")); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(tab, chromedp.SendKeys("#answer-body", "A draft left behind on a shared computer, with details.")); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(tab, chromedp.Poll[bool](`Object.keys(localStorage).some(k => k.startsWith("stackdesk:draft:"))`,
		chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		t.Fatalf("the draft was not kept: %v", err)
	}
	if err := chromedp.Do(tab, chromedp.Click(`details.menu summary`), chromedp.Click(`form[action="/logout"] button`), chromedp.WaitVisible(`a[href^="/login"]`)); err != nil {
		t.Fatalf("logging out: %v", err)
	}
	if left, err := chromedp.Run(tab, chromedp.Evaluate[int](`Object.keys(localStorage).filter(k => k.startsWith("stackdesk:draft:")).length`)); err != nil || left != 0 {
		t.Fatalf("%d drafts left after logging out (%v)", left, err)
	}
}
