package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"stackdesk/internal/config"
	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestVoteUpNeedsReputationOnThePage: below STACKDESK_PRIV_VOTE_UP the up
// arrow is disabled and says why, in the reader's language, and a vote
// posted anyway is refused in words; at the threshold the arrow votes, and
// a vote cast stays removable after the reputation falls below it. A
// moderator votes up at reputation 1.
func TestVoteUpNeedsReputationOnThePage(t *testing.T) {
	env := testkit.Boot(t, store.SQLite, func(c *config.Config) { c.Reputation.VoteUp = 15 })
	_, ada := env.SignUp(t, "ada")
	q := env.Ask(t, ada, "Printer on floor 3 prints blank pages", "printer")
	qp := "/questions/" + itoa(q)
	setRep := func(username string, rep int) {
		t.Helper()
		if err := env.App.Store.DB.Model(&store.User{}).Where("username = ?", username).Update("reputation", rep).Error; err != nil {
			t.Fatal(err)
		}
	}
	const enabled = `aria-label="Up vote" title="This post is useful and clear">▲`

	carl := newBrowser(env)
	carl.signUp(t, "carl")
	setRep("carl", 14)
	contains(t, carl.get(t, qp), `aria-label="Up vote" disabled title="Voting up needs 15 reputation; you have 14."`)
	contains(t, carl.get(t, qp, "Accept-Language", "de"), `disabled title="Um positiv zu bewerten, brauchen Sie 15 Reputation; Sie haben 14."`)
	res := carl.post(t, qp, "/posts/"+itoa(q)+"/vote", url.Values{"value": {"1"}})
	if res.Status != http.StatusForbidden {
		t.Fatalf("up vote at 14 reputation: %d", res.Status)
	}
	contains(t, res, "Voting up needs 15 reputation; you have 14.")

	setRep("carl", 15)
	contains(t, carl.get(t, qp), enabled)
	if res := carl.post(t, qp, "/posts/"+itoa(q)+"/vote", url.Values{"value": {"1"}}); res.Status != http.StatusSeeOther {
		t.Fatalf("up vote at 15 reputation: %d %s", res.Status, res.Body)
	}
	// Below the threshold again, the pressed arrow still takes the vote back.
	setRep("carl", 14)
	contains(t, carl.get(t, qp), `value="0" aria-pressed="true" aria-label="Up vote" title="This post is useful and clear">▲`)
	if res := carl.post(t, qp, "/posts/"+itoa(q)+"/vote", url.Values{"value": {"0"}}); res.Status != http.StatusSeeOther {
		t.Fatalf("taking the up vote back at 14 reputation: %d %s", res.Status, res.Body)
	}
	if page := carl.get(t, qp); !strings.Contains(string(page.Body), `aria-label="Up vote" disabled title="Voting up needs 15 reputation; you have 14."`) {
		t.Fatalf("after taking the vote back the arrow is open again:\n%s", page.Body)
	}

	mona := newBrowser(env)
	mona.signUp(t, "mona")
	setRole(t, env, "mona", store.RoleModerator)
	contains(t, mona.get(t, qp), enabled)
	if res := mona.post(t, qp, "/posts/"+itoa(q)+"/vote", url.Values{"value": {"1"}}); res.Status != http.StatusSeeOther {
		t.Fatalf("a moderator at 1 reputation votes up: %d %s", res.Status, res.Body)
	}
	contains(t, mona.get(t, qp), `value="0" aria-pressed="true" aria-label="Up vote"`)
}
