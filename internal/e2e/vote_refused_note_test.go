package e2e

import (
	"fmt"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"stackdesk/internal/config"
	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// arrowState is what a vote arrow offers assistive technology and the
// keyboard: whether it is disabled (and so skipped by Tab), aria-disabled,
// its description, and whether it holds the focus.
type arrowState struct {
	Disabled     bool
	AriaDisabled string
	Description  string
	Focused      bool
}

// arrowStateJS reads arrowState for the arrow matched by the selector %s.
const arrowStateJS = `(() => {
	const b = document.querySelector(%q);
	const d = document.getElementById(b.getAttribute("aria-describedby") || "");
	return {disabled: b.disabled, ariaDisabled: b.getAttribute("aria-disabled") || "",
		description: d ? d.textContent : "", focused: document.activeElement === b};
})()`

// TestVoteArrowSaysWhyItDoesNothing: a vote arrow a member may not use yet
// keeps the focus and carries its reason as its description; Enter on it,
// or a tap on a touch screen, shows the reason beside the post, with a link
// to the privileges (none on one's own post), and casts no vote.
func TestVoteArrowSaysWhyItDoesNothing(t *testing.T) {
	env := testkit.Boot(t, store.SQLite, func(c *config.Config) { c.Reputation.VoteUp = 15 })
	_, ada := env.SignUp(t, "ada")
	q := env.Ask(t, ada, "Printer on floor 3 prints blank pages", "printer")
	sel := "#post-" + strconv.FormatInt(q, 10)
	tab := testkit.Tab(t, testkit.Browser(t), 60*time.Second)
	if err := chromedp.Do(tab, signUp(env, "carl")); err != nil {
		t.Fatalf("sign up: %v", err)
	}
	state := func(arrow string) arrowState {
		t.Helper()
		s, err := chromedp.Run(tab, chromedp.Evaluate[arrowState](fmt.Sprintf(arrowStateJS, arrow)))
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	note := func() (text, link string) {
		t.Helper()
		text, err := chromedp.Run(tab, chromedp.Text(sel+" .post-main > .vote-note"))
		if err != nil {
			t.Fatal(err)
		}
		link, _ = chromedp.Run(tab, chromedp.Evaluate[string](`(document.querySelector("`+sel+` .vote-note a") || {}).href || ""`))
		return text, link
	}
	const up = "Voting up needs 15 reputation; you have 1."
	err := chromedp.Do(tab,
		chromedp.Navigate(env.URL+"/questions/"+strconv.FormatInt(q, 10)),
		chromedp.WaitVisible(sel+" .vote.up"),
		chromedp.Focus(sel+" .vote.up"),
	)
	if err != nil {
		t.Fatalf("the question page: %v", err)
	}
	if s := state(sel + " .vote.up"); s.Disabled || s.AriaDisabled != "true" || s.Description != up || !s.Focused {
		t.Fatalf("the up arrow at 1 reputation: %+v", s)
	}
	if err := chromedp.Do(tab, chromedp.KeyEvent("\r"), chromedp.WaitVisible(sel+" .vote-note")); err != nil {
		t.Fatalf("Enter on the up arrow: %v", err)
	}
	if text, link := note(); text != up+" See what reputation unlocks" || link != env.URL+"/privileges" {
		t.Errorf("after Enter on the up arrow the note says %q, links %q", text, link)
	}

	// A tap on the down arrow says its own reason, in place of the first.
	err = chromedp.Do(tab,
		chromedp.EmulateViewport(390, 844, chromedp.EmulateTouch),
		chromedp.Tap(sel+" .vote.down"),
	)
	if err == nil {
		_, err = chromedp.Run(tab, chromedp.Poll[bool](`document.querySelector("`+sel+` .vote-note .why").textContent.startsWith("Voting down")`))
	}
	if err != nil {
		t.Fatalf("a tap on the down arrow: %v", err)
	}
	if text, _ := note(); text != "Voting down needs 50 reputation; you have 1. See what reputation unlocks" {
		t.Errorf("after a tap on the down arrow the note says %q", text)
	}
	if n, _ := chromedp.Run(tab, chromedp.Evaluate[int](`document.querySelectorAll(".vote-note").length`)); n != 1 {
		t.Errorf("%d notes on the page, want 1", n)
	}
	if score, _ := chromedp.Run(tab, chromedp.Text(sel+" .score-value")); score != "0" {
		t.Errorf("the score after the refused arrows: %q", score)
	}
	var votes int64
	if err := env.App.Store.DB.Model(&store.Vote{}).Count(&votes).Error; err != nil || votes != 0 {
		t.Errorf("votes stored: %d (%v)", votes, err)
	}

	// One's own post: the reason, and no link to the privileges.
	res := env.API(t, "POST", "/tokens", "", map[string]string{"username": "carl", "password": "correct horse battery"})
	if res.Status != http.StatusCreated {
		t.Fatalf("token: %d %s", res.Status, res.Body)
	}
	var tok struct{ Token string }
	res.JSON(t, &tok)
	own := env.Ask(t, tok.Token, "Scanner on floor 2 saves empty files", "scanner")
	sel = "#post-" + strconv.FormatInt(own, 10)
	err = chromedp.Do(tab,
		chromedp.Navigate(env.URL+"/questions/"+strconv.FormatInt(own, 10)),
		chromedp.Tap(sel+" .vote.up"),
		chromedp.WaitVisible(sel+" .vote-note"),
	)
	if err != nil {
		t.Fatalf("own question: %v", err)
	}
	if text, link := note(); text != "You cannot vote on your own post." || link != "" {
		t.Errorf("on one's own post the note says %q, links %q", text, link)
	}
}
