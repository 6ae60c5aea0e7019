package e2e

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"stackdesk/internal/qa"
	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestCloseVoteInBrowser: a member with the "vote to close" privilege opens
// the Close control under a question another member has voted on, votes
// for a reason, sees the count go up and their vote with its reason, and
// retracts it: the count goes back and the vote form is offered again.
func TestCloseVoteInBrowser(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	_, ada := env.SignUp(t, "ada")
	vicID, _ := env.SignUp(t, "vic")
	q := env.Ask(t, ada, "Outlook password prompt appears every hour", "outlook")
	setRep := func(name string) {
		t.Helper()
		if err := env.App.Store.DB.Model(&store.User{}).Where("username = ?", name).Update("reputation", 800).Error; err != nil {
			t.Fatal(err)
		}
	}
	setRep("vic")
	var vic store.User
	if err := env.App.Store.DB.Take(&vic, vicID).Error; err != nil {
		t.Fatal(err)
	}
	if err := env.App.QA.CastCloseVote(context.Background(), &vic, q, qa.CloseInput{Reason: "off-topic"}); err != nil {
		t.Fatal(err)
	}

	tab := testkit.Tab(t, testkit.Browser(t), 60*time.Second)
	if err := chromedp.Do(tab, signUp(env, "vera")); err != nil {
		t.Fatalf("sign up: %v", err)
	}
	setRep("vera")
	count := func() string {
		t.Helper()
		c, err := chromedp.Run(tab, chromedp.Text("#close-votes .close-vote-count"))
		if err != nil {
			t.Fatalf("the count: %v", err)
		}
		return c
	}
	err := chromedp.Do(tab,
		chromedp.Navigate(env.URL+"/questions/"+strconv.FormatInt(q, 10)),
		chromedp.WaitVisible("#close-votes summary"),
	)
	if err != nil {
		t.Fatalf("the question page: %v", err)
	}
	if c := count(); c != "(1 of 3 votes to close)" {
		t.Fatalf("before voting the count reads %q", c)
	}
	err = chromedp.Do(tab,
		chromedp.Click("#close-votes summary"),
		chromedp.WaitVisible(`.close-vote-form input[name="reason"][value="unclear"]`),
		chromedp.Click(`.close-vote-form input[name="reason"][value="unclear"]`),
		chromedp.Click(".close-vote-form button[type=submit]"),
		chromedp.WaitVisible(".close-vote-mine button"),
	)
	if err != nil {
		t.Fatalf("voting: %v", err)
	}
	mine, err := chromedp.Run(tab, chromedp.Text(".close-vote-mine p"))
	if err != nil || mine != "Your vote to close: unclear or missing details." {
		t.Fatalf("the vote reads %q: %v", mine, err)
	}
	if c := count(); c != "(2 of 3 votes to close)" {
		t.Fatalf("after voting the count reads %q", c)
	}
	err = chromedp.Do(tab,
		chromedp.Click(".close-vote-mine button"),
		chromedp.WaitNotPresent(".close-vote-mine"),
		chromedp.WaitReady(".close-vote-form"),
	)
	if err != nil {
		t.Fatalf("retracting: %v", err)
	}
	if c := count(); c != "(1 of 3 votes to close)" {
		t.Fatalf("after retracting the count reads %q", c)
	}
	var open int64
	if err := env.App.Store.DB.Model(&store.CloseVote{}).Where("question_id = ? AND ended_at IS NULL", q).Count(&open).Error; err != nil || open != 1 {
		t.Fatalf("%d votes open (%v), want vic's alone", open, err)
	}
}
