package web_test

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"stackdesk/internal/config"
	"stackdesk/internal/qa"
	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestProfileCountsAndPagesPosts: a profile says how many questions a user
// asked in all, lists the latest, and pages through all of them on its
// questions tab.
func TestProfileCountsAndPagesPosts(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	id, _ := env.SignUp(t, "ada")
	ada, err := env.App.Auth.UserByID(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	var asked []int64
	for i := range 45 {
		q, err := env.App.QA.Ask(context.Background(), ada, qa.QuestionInput{
			Title: fmt.Sprintf("Printer number %02d prints blank pages", i),
			Body:  "Since this morning the printer prints only blank pages, whatever I send.", Tags: []string{"printer"}})
		if err != nil {
			t.Fatal(err)
		}
		asked = append(asked, q.ID)
	}
	b := newBrowser(env)
	profile := fmt.Sprintf("/users/%d/ada", id)
	page := b.get(t, profile)
	contains(t, page, "45 questions", "Printer number 44", "All 45 questions", "0 answers")
	if !regexp.MustCompile(`member since [A-Z][a-z]{2} \d{1,2}, \d{4}</p>`).Match(page.Body) {
		t.Fatal("the profile does not say since when, as a day")
	}
	if strings.Contains(string(page.Body), "Printer number 24 ") {
		t.Fatal("the profile lists more than the latest 20")
	}
	tab := b.get(t, profile+"?tab=questions&page=2")
	contains(t, tab, "45 questions", "Printer number 14", "Printer number 00", `<a href="`+profile+`#u-questions">Back to the profile</a>`, "Page 2 of 2")
	if strings.Contains(string(tab.Body), "Printer number 15 ") || strings.Contains(string(tab.Body), `id="u-answers"`) {
		t.Fatal("page 2 of the questions tab shows the wrong posts")
	}
	contains(t, b.get(t, profile+"?tab=questions&page=9"), "This page is past the last one.")
	contains(t, b.get(t, profile+"?tab=questions&page=99999999999999999999"), "This page is past the last one.")

	// The reputation history: the latest 30, then all of it page by page.
	bobID, _ := env.SignUp(t, "bob")
	setRole(t, env, "bob", store.RoleModerator)
	bob, err := env.App.Auth.UserByID(context.Background(), bobID)
	if err != nil {
		t.Fatal(err)
	}
	for i, q := range asked[:35] {
		vote := 1
		if i >= 20 { // (up votes past the daily cap give no entry)
			vote = -1
		}
		if _, err := env.App.Rep.Vote(context.Background(), bob, q, vote); err != nil {
			t.Fatal(err)
		}
	}
	history := regexp.MustCompile(`(?s)<ul class="plain rep-history">.*?</ul>`)
	entries := func(res []byte) int { return strings.Count(string(history.Find(res)), "<li>") }
	page = b.get(t, profile)
	contains(t, page, "All 35 entries")
	if n := entries(page.Body); n != 30 {
		t.Fatalf("the profile shows %d reputation entries, want the latest 30", n)
	}
	rep := b.get(t, profile+"?tab=reputation&page=2")
	contains(t, rep, "Page 2 of 2", "Back to the profile")
	if n := entries(rep.Body); n != 5 {
		t.Fatalf("page 2 of the reputation history shows %d entries, want 5", n)
	}
	if strings.Contains(string(rep.Body), `id="u-questions"`) {
		t.Fatal("the reputation tab also lists questions")
	}
}

// TestPrivilegesPage: what reputation unlocks, with the configured
// thresholds, and for a logged-in user what they have and how far the rest is;
// their profile links to it.
func TestPrivilegesPage(t *testing.T) {
	env := testkit.Boot(t, store.SQLite, func(c *config.Config) { c.Reputation.VoteUp = 15 })
	id, _ := env.SignUp(t, "ada")
	b := newBrowser(env)
	page := b.get(t, "/privileges")
	contains(t, page, "<h1>Privileges</h1>", `<tr id="privilege-vote_up">`, "Vote up", "<td>15</td>", `<tr id="privilege-vote_down">`, "Vote down", "<td>50</td>", "Edit others&#39; posts", "<td>500</td>")
	if strings.Contains(string(page.Body), "You have it") {
		t.Error("a visitor is told what they have")
	}
	b.logIn(t, "ada")
	page = b.get(t, "/privileges")
	contains(t, page, "You have 1 reputation.", "14 more", "49 more", "499 more", "749 more", "You have it")
	contains(t, b.get(t, "/users/"+itoa(id)), `<a href="/privileges">Privileges</a>`)
	// Moderators have every privilege, whatever their reputation.
	env.SignUp(t, "mod")
	setRole(t, env, "mod", store.RoleModerator)
	mod := newBrowser(env)
	mod.logIn(t, "mod")
	if page := string(mod.get(t, "/privileges").Body); strings.Contains(page, " more</td>") || strings.Count(page, "You have it") != 7 {
		t.Errorf("a moderator is told they lack privileges:\n%s", page)
	}
}
