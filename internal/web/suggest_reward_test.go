package web_test

import (
	"strings"
	"testing"
	"time"

	"stackdesk/internal/config"
	"stackdesk/internal/reputation"
	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestSuggestFormSaysWhenAnApprovalPays: the suggest-edit form promises the
// reputation an approved suggestion earns only as the approval pays it, from
// a reviewer with the edit privilege, with the figures configured, in
// English and German; with no reward configured it promises none.
func TestSuggestFormSaysWhenAnApprovalPays(t *testing.T) {
	for _, c := range []struct {
		reward int
		en, de string
		notEn  string
	}{
		{reward: 3,
			en: "It earns you 3 reputation when a member with 500 reputation, a moderator or an admin approves it; the approval of an author with less gives none.",
			de: "Sie bringt Ihnen 3 Reputation, wenn ein Mitglied mit 500 Reputation, die Moderation oder die Administration sie annimmt;"},
		{reward: 0,
			en: "and is shown once one of them approves it.</p>",
			de: "sobald jemand von ihnen sie annimmt.</p>", notEn: "reputation when"},
	} {
		env := testkit.Boot(t, store.SQLite, func(cfg *config.Config) { cfg.Reputation.EditApproved = c.reward })
		ada, bob := newBrowser(env), newBrowser(env)
		ada.signUp(t, "ada")
		bob.signUp(t, "bob")
		edit := "/posts/" + questionIDRE.FindStringSubmatch(askVPN(t, ada))[1] + "/edit"
		form := bob.get(t, edit)
		contains(t, form, "<h1>Suggest an edit</h1>", c.en)
		if c.notEn != "" && strings.Contains(string(form.Body), c.notEn) {
			t.Errorf("reward %d: the form promises reputation", c.reward)
		}
		if strings.Contains(string(form.Body), "an approved edit earns you reputation") {
			t.Errorf("reward %d: the form promises reputation for any approval", c.reward)
		}
		contains(t, bob.get(t, edit, "Accept-Language", "de"), c.de)
	}
}

// TestSuggestFormKnowsTheCap: the promise counts what the member's
// suggested edits have earned already: near the cap it names what is left,
// at the cap it says an approval adds no more, in English and German.
func TestSuggestFormKnowsTheCap(t *testing.T) {
	env := testkit.Boot(t, store.SQLite, func(cfg *config.Config) { cfg.Reputation.EditApproved = 2 })
	ada, bob := newBrowser(env), newBrowser(env)
	ada.signUp(t, "ada")
	bob.signUp(t, "bob")
	edit := "/posts/" + questionIDRE.FindStringSubmatch(askVPN(t, ada))[1] + "/edit"
	var bobUser store.User
	if err := env.App.Store.DB.Where("username = ?", "bob").Take(&bobUser).Error; err != nil {
		t.Fatal(err)
	}
	earn := func(delta int) {
		t.Helper()
		ev := store.ReputationEvent{UserID: bobUser.ID, Kind: reputation.KindEditApproved, Delta: delta, CreatedAt: time.Now().UTC()}
		if err := env.App.Store.DB.Create(&ev).Error; err != nil {
			t.Fatal(err)
		}
	}
	earn(reputation.SuggestedEditCap - 1)
	contains(t, bob.get(t, edit), "It earns you 1 reputation when")
	earn(1)
	form := bob.get(t, edit)
	contains(t, form, "Your suggested edits have earned all they can (1,000 reputation), so an approval adds no more.")
	if strings.Contains(string(form.Body), "reputation when") {
		t.Error("the form promises reputation past the cap")
	}
	contains(t, bob.get(t, edit, "Accept-Language", "de"), "eine Annahme bringt keine weitere.")
}
