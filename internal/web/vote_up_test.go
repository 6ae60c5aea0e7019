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
// arrow is aria-disabled (it keeps the focus) and says why, in its
// description and tooltip, in the reader's language; a vote posted anyway
// (without JavaScript) comes back to the question's page, with a 403, and
// says why beside the post, with a link to the privileges; at the threshold
// the arrow votes, and a vote cast stays removable after the reputation
// falls below it. A moderator votes up at reputation 1.
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
	why := `<span id="vote-up-why-` + itoa(q) + `" class="vote-why" hidden>`
	refused := `aria-disabled="true" aria-describedby="vote-up-why-` + itoa(q) + `" title="`
	page := carl.get(t, qp)
	contains(t, page, refused+`Voting up needs 15 reputation; you have 14."`, why+`Voting up needs 15 reputation; you have 14.</span>`)
	if strings.Contains(string(page.Body), " disabled") {
		t.Error("a vote arrow is disabled: it takes no focus and hides its reason")
	}
	contains(t, carl.get(t, qp, "Accept-Language", "de"), refused+`Um positiv zu bewerten, brauchen Sie 15 Reputation; Sie haben 14."`,
		why+`Um positiv zu bewerten, brauchen Sie 15 Reputation; Sie haben 14.</span>`)
	for _, c := range []struct{ lang, note string }{
		{"en", `<span class="why">Voting up needs 15 reputation; you have 14.</span> <a href="/privileges">See what reputation unlocks</a>`},
		{"de", `<span class="why">Um positiv zu bewerten, brauchen Sie 15 Reputation; Sie haben 14.</span> <a href="/privileges">Sehen Sie, was Reputation freischaltet</a>`},
	} {
		if res := carl.post(t, qp, "/language", url.Values{"lang": {c.lang}, "next": {qp}}); res.Status != http.StatusSeeOther {
			t.Fatalf("language %s: %d", c.lang, res.Status)
		}
		res := carl.post(t, qp, "/posts/"+itoa(q)+"/vote", url.Values{"value": {"1"}})
		if res.Status != http.StatusForbidden {
			t.Fatalf("up vote at 14 reputation (%s): %d", c.lang, res.Status)
		}
		// The question's page, the reason beside the post voted on, once.
		contains(t, res, `dir="auto"`, `>Printer on floor 3 prints blank pages</h1>`,
			`<article class="question" id="post-`+itoa(q)+`"`, `<div class="post-main">
    <p class="notice vote-note" role="alert">`+c.note+`</p>`)
		if n := strings.Count(string(res.Body), "Reputation; Sie haben 14.</span> <a") + strings.Count(string(res.Body), "reputation; you have 14.</span> <a"); n != 1 {
			t.Errorf("(%s) the reason shows %d times beside posts", c.lang, n)
		}
	}

	if res := carl.post(t, qp, "/language", url.Values{"lang": {"en"}, "next": {qp}}); res.Status != http.StatusSeeOther {
		t.Fatalf("language en: %d", res.Status)
	}
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
	if page := carl.get(t, qp); !strings.Contains(string(page.Body), refused+`Voting up needs 15 reputation; you have 14."`) {
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
