// Package e2e drives the real product in a real browser.
package e2e

import (
	"context"
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
			signUp(env, name),
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
		sendForm("#tags"),
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
	)
	if err != nil {
		t.Fatalf("bob writes an answer: %v", err)
	}
	// He clicks twice: the second send is held back while the first loads.
	again, err := chromedp.Run(bob, chromedp.Evaluate[bool](`(() => {
		const f = document.querySelector("#answer-body").form;
		f.requestSubmit();
		const ev = new SubmitEvent("submit", {bubbles: true, cancelable: true});
		f.dispatchEvent(ev);
		return !ev.defaultPrevented;
	})()`))
	if err != nil || again {
		t.Fatalf("a second submit of the answer form went through: %v %v", again, err)
	}
	if err := chromedp.Do(bob, chromedp.WaitVisible(".answer .body code")); err != nil {
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
// page and sees an existing question appear, then votes without a reload;
// the asker then switches, removes and gives the acceptance in place, and a
// reload shows the page the script made.
func TestSimilarQuestionsWhileAskingAndVotingInPlace(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	_, ada := env.SignUp(t, "ada")
	_, bob := env.SignUp(t, "bob")
	q := env.Ask(t, ada, "Outlook keeps asking for my password every hour", "outlook")
	a := env.Answer(t, bob, q, "Delete the stored Outlook credentials in the Windows Credential Manager.")
	_, dan := env.SignUp(t, "dan")
	b := env.Answer(t, dan, q, "Ask the service desk to reset your Outlook profile; it takes five minutes.")
	if res := env.API(t, "POST", "/answers/"+strconv.FormatInt(a, 10)+"/accept", ada, nil); res.Status != 200 {
		t.Fatalf("accept: %d", res.Status)
	}
	env.Searchable(t)

	browser := testkit.Browser(t)
	tab := testkit.Tab(t, browser, 60*time.Second)
	err := chromedp.Do(tab,
		signUp(env, "carl"),
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

	// The asker accepts in place: the mark, the class, the pressed button and
	// its label change without a reload, and a reload shows the same page.
	asker := testkit.Tab(t, browser, 60*time.Second)
	qURL := env.URL + "/questions/" + strconv.FormatInt(q, 10)
	selA, selB := sel, "#answer-"+strconv.FormatInt(b, 10)
	err = chromedp.Do(asker,
		chromedp.Navigate(env.URL+"/login"),
		chromedp.WaitVisible("#login"),
		chromedp.SendKeys("#login", "ada"),
		chromedp.SendKeys("#password", "correct horse battery"),
		chromedp.Submit("#password"),
		chromedp.WaitVisible("a.me"),
		chromedp.Navigate(qURL),
		chromedp.WaitVisible(selA+" > .accepted-mark"),
	)
	if err != nil {
		t.Fatalf("the asker opens the question: %v", err)
	}
	// state describes what the page shows of the acceptance, answer by answer
	// in id order: the server lists the accepted answer first, while in place
	// the answers stay where they are, under the reader's pointer.
	state := func(when string) string {
		t.Helper()
		s, err := chromedp.Run(asker, chromedp.Evaluate[string](`JSON.stringify(Array.from(document.querySelectorAll("article.answer")).map(function (a) {
			var b = a.querySelector("button.accept"), m = a.querySelector(":scope > .accepted-mark");
			return [a.id, a.className, m ? m.outerHTML : "", b.getAttribute("aria-pressed"), b.getAttribute("aria-label"),
				b.getAttribute("title"), a.querySelector('.accept-form input[name="accept"]').value];
		}).sort(function (x, y) { return x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0; }))`))
		if err != nil {
			t.Fatalf("%s: %v", when, err)
		}
		return s
	}
	// inPlace runs steps without a reload and returns the state they left,
	// after checking that a reload shows the same.
	inPlace := func(when string, steps ...chromedp.Action[chromedp.Void]) string {
		t.Helper()
		steps = append([]chromedp.Action[chromedp.Void]{chromedp.Evaluate[chromedp.Void](`window.__marker = 2`)}, steps...)
		if err := chromedp.Do(asker, steps...); err != nil {
			t.Fatalf("%s: %v", when, err)
		}
		if marker, _ := chromedp.Run(asker, chromedp.Evaluate[int](`window.__marker || 0`)); marker != 2 {
			t.Fatalf("%s: the page reloaded", when)
		}
		got := state(when)
		if err := chromedp.Do(asker, chromedp.Reload(), chromedp.WaitVisible(selA+" button.accept")); err != nil {
			t.Fatalf("%s: reload: %v", when, err)
		}
		if server := state(when + ", reloaded"); server != got {
			t.Fatalf("%s: in place the page shows\n%s\nbut the server renders\n%s", when, got, server)
		}
		return got
	}
	text := func(sel string) string {
		t.Helper()
		s, err := chromedp.Run(asker, chromedp.Text(sel))
		if err != nil {
			t.Fatalf("%s: %v", sel, err)
		}
		return s
	}
	label := func(sel string) string {
		t.Helper()
		v, err := chromedp.Run(asker, chromedp.AttributeValue(sel+" button.accept", "aria-label"))
		if err != nil {
			t.Fatalf("%s: %v", sel, err)
		}
		return v.Value
	}

	// Accept Dan's answer: its mark appears, Bob's goes.
	inPlace("switching the acceptance",
		chromedp.Click(selB+" button.accept"),
		chromedp.WaitVisible(selB+" > .accepted-mark"),
		chromedp.WaitNotPresent(selA+" > .accepted-mark"),
	)
	if m, l, other := text(selB+" > .accepted-mark"), label(selB), label(selA); m != "✓ Accepted answer" ||
		l != "Remove the acceptance" || other != "Accept this answer" {
		t.Fatalf("after switching: mark %q, labels %q and %q", m, l, other)
	}
	// Unaccept it: no mark is left.
	inPlace("unaccepting",
		chromedp.Click(selB+" button.accept"),
		chromedp.WaitNotPresent(selB+" > .accepted-mark"),
		chromedp.WaitReady(selB+` button.accept[aria-pressed="false"]`),
	)
	if n, _ := chromedp.Run(asker, chromedp.Evaluate[int](`document.querySelectorAll(".accepted-mark, .answer.accepted").length`)); n != 0 ||
		label(selA) != "Accept this answer" || label(selB) != "Accept this answer" {
		t.Fatalf("after unaccepting: %d marks, labels %q and %q", n, label(selA), label(selB))
	}
	// Accept Bob's answer again.
	inPlace("accepting",
		chromedp.Click(selA+" button.accept"),
		chromedp.WaitVisible(selA+" > .accepted-mark"),
	)
	if m, l := text(selA+" > .accepted-mark"), label(selA); m != "✓ Accepted answer" || l != "Remove the acceptance" {
		t.Fatalf("after accepting: mark %q, label %q", m, l)
	}
}

// signUp signs up in the browser as name (e-mail name@example.com, password
// "correct horse battery") and waits until the page shows them logged in.
func signUp(env *testkit.Env, name string) chromedp.Action[chromedp.Void] {
	steps := []chromedp.Action[chromedp.Void]{
		chromedp.Navigate(env.URL + "/signup"),
		chromedp.WaitVisible(chromedp.CSS("#username")),
		chromedp.SendKeys(chromedp.CSS("#username"), name),
		chromedp.SendKeys(chromedp.CSS("#email"), name+"@example.com"),
		chromedp.SendKeys(chromedp.CSS("#password"), "correct horse battery"),
		chromedp.Submit(chromedp.CSS("#password")),
		chromedp.WaitVisible(chromedp.CSS("a.me")),
	}
	return func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		for _, step := range steps {
			if _, err := step(ctx, t); err != nil {
				return chromedp.Void{}, err
			}
		}
		return chromedp.Void{}, nil
	}
}
