package e2e

import (
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestGetHelpToSolvedAndDashboard walks the Get-help page in a real browser:
// a problem sentence, suggestions appearing while typing, opening one,
// "This solved my problem", and then the analyst's dashboard counting it.
func TestGetHelpToSolvedAndDashboard(t *testing.T) {
	env := testkit.Boot(t, store.Postgres)
	_, carol := env.SignUp(t, "carol")
	_, bob := env.SignUp(t, "bob")
	qid := env.Ask(t, carol, "Wi-Fi disconnects in meeting rooms", "wifi")
	aid := env.Answer(t, bob, qid, "Forget the guest network and join CorpNet; it roams between access points.")
	if res := env.API(t, "POST", "/answers/"+strconv.FormatInt(aid, 10)+"/accept", carol, nil); res.Status != 200 {
		t.Fatalf("accept: %d %s", res.Status, res.Body)
	}
	env.Searchable(t)

	browser := testkit.Browser(t)
	emp := testkit.Tab(t, browser, 90*time.Second)
	err := chromedp.Do(emp,
		chromedp.Navigate(env.URL+"/help"),
		chromedp.WaitVisible("#help-query"),
		chromedp.SendKeys("#help-query", "my wifi keeps disconnecting in the meeting room"),
		// The script shows suggestions as the problem is typed, without a submit.
		chromedp.WaitVisible(`#help-results .suggestion a`),
	)
	if err != nil {
		t.Fatalf("typing the problem: %v", err)
	}
	excerpt, err := chromedp.Run(emp, chromedp.Text(`#help-results .suggestion .excerpt`))
	if err != nil || !strings.Contains(excerpt, "Forget the guest network") {
		t.Fatalf("excerpt %q: %v", excerpt, err)
	}
	// As the page without a script shows them, with their tags.
	if tag, err := chromedp.Run(emp, chromedp.Text(`#help-results .suggestion .tags .tag`)); err != nil || tag != "wifi" {
		t.Fatalf("suggestion tag %q: %v", tag, err)
	}
	if hidden, err := chromedp.Run(emp, chromedp.Evaluate[bool](`document.getElementById("help-choices").hidden`)); err != nil || hidden {
		t.Fatalf("choices hidden=%v: %v", hidden, err)
	}
	err = chromedp.Do(emp,
		chromedp.Click(`#help-results .suggestion a`),
		chromedp.WaitVisible("#help-solved"),
		chromedp.Click("#help-solved-yes"),
		chromedp.WaitVisible("#help-done"),
	)
	if err != nil {
		t.Fatalf("solving: %v", err)
	}
	if outcome, err := chromedp.Run(emp, chromedp.AttributeValue("#help-done", "data-outcome")); err != nil || outcome.Value != "solved" {
		t.Fatalf("outcome %q: %v", outcome.Value, err)
	}

	// An analyst sees the session counted on the dashboard.
	anaID, _ := env.SignUp(t, "ana")
	if err := env.App.Store.DB.Model(&store.User{}).Where("id = ?", anaID).Update("role", store.RoleAnalyst).Error; err != nil {
		t.Fatal(err)
	}
	ana := testkit.Tab(t, browser, 60*time.Second)
	err = chromedp.Do(ana,
		chromedp.Navigate(env.URL+"/login"),
		chromedp.WaitVisible("#login"),
		chromedp.SendKeys("#login", "ana"),
		chromedp.SendKeys("#password", "correct horse battery"),
		chromedp.Submit("#password"),
		chromedp.WaitVisible("a.me"),
		chromedp.Navigate(env.URL+"/analytics"),
		chromedp.WaitVisible("#kpis"),
	)
	if err != nil {
		t.Fatalf("dashboard: %v", err)
	}
	for sel, want := range map[string]string{"#kpi-sessions": "1", "#kpi-solved": "1", "#kpi-deflection": "100 %"} {
		if got, err := chromedp.Run(ana, chromedp.Text(sel)); err != nil || got != want {
			t.Fatalf("%s = %q (%v), want %q", sel, got, err, want)
		}
	}
	bars, err := chromedp.Run(ana, chromedp.Evaluate[int](`document.querySelectorAll("svg.chart-outcomes rect.seg-solved > title").length`))
	if err != nil || bars < 1 {
		t.Fatalf("chart bars %d: %v", bars, err)
	}

	// A problem given in the address ("Describe the problem" from a
	// search) is searched at once, without typing.
	again := testkit.Tab(t, browser, 60*time.Second)
	err = chromedp.Do(again,
		chromedp.Navigate(env.URL+"/help?query="+url.QueryEscape("wifi disconnects in the meeting room")),
		chromedp.WaitVisible(`#help-results .suggestion a`),
	)
	if err != nil {
		t.Fatalf("a problem in the address: %v", err)
	}
}

// TestGetHelpSaysWhichSuggestionsHaveAnswers: as the problem is typed, each
// suggestion says whether it has an accepted answer, answers, or none yet;
// a question whose answer is not accepted or voted up yet has answers.
func TestGetHelpSaysWhichSuggestionsHaveAnswers(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	_, carol := env.SignUp(t, "carol")
	_, bob := env.SignUp(t, "bob")
	accepted := env.Ask(t, carol, "Printer jams on the third floor", "printer")
	aid := env.Answer(t, bob, accepted, "Take out tray 2 and remove the torn sheet behind it.")
	if res := env.API(t, "POST", "/answers/"+strconv.FormatInt(aid, 10)+"/accept", carol, nil); res.Status != 200 {
		t.Fatalf("accept: %d %s", res.Status, res.Body)
	}
	answered := env.Ask(t, carol, "Printer jams with thick paper", "printer")
	env.Answer(t, bob, answered, "Use the manual feed slot for paper over 120 g/m².")
	env.Ask(t, carol, "Printer jams after the toner change", "printer")
	env.Searchable(t)

	tab := testkit.Tab(t, testkit.Browser(t), 60*time.Second)
	err := chromedp.Do(tab,
		chromedp.Navigate(env.URL+"/help"),
		chromedp.WaitVisible("#help-query"),
		chromedp.SendKeys("#help-query", "the printer jams"),
	)
	if err == nil {
		_, err = chromedp.Run(tab, chromedp.Poll[bool](`document.querySelectorAll("#help-results .suggestion").length === 3`, chromedp.WithPollingTimeout(20*time.Second)))
	}
	if err != nil {
		t.Fatalf("typing the problem: %v", err)
	}
	states, err := chromedp.Run(tab, chromedp.Evaluate[map[string]string](`Object.fromEntries(Array.from(
		document.querySelectorAll("#help-results .suggestion"), li => [li.querySelector("a").textContent, li.querySelector(".state").textContent]))`))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"Printer jams on the third floor":     " · accepted answer",
		"Printer jams with thick paper":       " · answered",
		"Printer jams after the toner change": " · no answer yet",
	}
	for title, state := range want {
		if states[title] != state {
			t.Errorf("%q shows %q, want %q (all: %v)", title, states[title], state, states)
		}
	}
	// The one nobody answered is listed apart, under its own heading.
	apart, err := chromedp.Run(tab, chromedp.Evaluate[[]string](`Array.from(
		document.querySelectorAll("#help-results ol.unanswered .suggestion > a"), a => a.textContent)
		.concat(Array.from(document.querySelectorAll("#help-results h2"), h => h.textContent))`))
	if err != nil || !slices.Equal(apart, []string{"Printer jams after the toner change", "Existing answers", "Asked before, no answer yet"}) {
		t.Errorf("listed apart: %q (%v)", apart, err)
	}
}
