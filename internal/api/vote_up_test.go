package api_test

import (
	"net/http"
	"strings"
	"testing"

	"stackdesk/internal/config"
	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestVoteUpNeedsReputation: voting up needs STACKDESK_PRIV_VOTE_UP
// reputation (15 here, as by default), so that throw-away accounts cannot
// raise a member's reputation. A member at 14 is refused with a 403 that
// names the privilege and what it needs, with nothing stored; at 15 they
// may, and may take the vote back after falling below it. A moderator's
// staff token votes up at reputation 1; their write token acts as a member
// and is refused, naming the staff scope.
func TestVoteUpNeedsReputation(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		adaID, ada := env.SignUp(t, "ada")
		q := env.Ask(t, ada, "Outlook asks for the password again and again")
		db := env.App.Store.DB
		setRep := func(id int64, rep int) {
			t.Helper()
			if err := db.Model(&store.User{}).Where("id = ?", id).Update("reputation", rep).Error; err != nil {
				t.Fatal(err)
			}
		}
		rep := func(id int64) (n int) {
			t.Helper()
			if err := db.Model(&store.User{}).Where("id = ?", id).Select("reputation").Scan(&n).Error; err != nil {
				t.Fatal(err)
			}
			return n
		}
		votes := func() (n int64) {
			t.Helper()
			if err := db.Model(&store.Vote{}).Where("post_id = ?", q).Count(&n).Error; err != nil {
				t.Fatal(err)
			}
			return n
		}
		vote := func(tok string, value int) *testkit.Response {
			t.Helper()
			return env.API(t, "PUT", "/posts/"+itoa(q)+"/vote", tok, map[string]int{"value": value})
		}
		voted := func(what string, res *testkit.Response, want float64) {
			t.Helper()
			if res.Status != http.StatusOK || res.Map(t)["my_vote"].(float64) != want {
				t.Fatalf("%s: %d %s", what, res.Status, res.Body)
			}
		}

		carlID, _ := env.SignUp(t, "carl")
		setRep(carlID, 14)
		carl := scopedToken(t, env, "carl", store.ScopeWrite)
		res := vote(carl.Token, 1)
		refused(t, "a member at 14 reputation votes up", res, http.StatusForbidden, "forbidden")
		if !strings.Contains(string(res.Body), "Voting up needs 15 reputation; you have 14.") {
			t.Fatalf("the refusal does not name the privilege: %s", res.Body)
		}
		if n := votes(); n != 0 || rep(adaID) != 1 {
			t.Fatalf("a refused up-vote stored %d votes; the asker has %d reputation", n, rep(adaID))
		}

		setRep(carlID, 15)
		voted("a member at 15 reputation votes up", vote(carl.Token, 1), 1)
		if got := rep(adaID); got != 11 {
			t.Fatalf("the asker has %d reputation after an up-vote, want 11", got)
		}
		// Taking the vote back needs no privilege.
		setRep(carlID, 14)
		voted("a member at 14 takes their up-vote back", vote(carl.Token, 0), 0)
		if n := votes(); n != 0 || rep(adaID) != 1 {
			t.Fatalf("after taking the vote back: %d votes, the asker at %d", n, rep(adaID))
		}

		monaID := staffUser(t, env, "mona", store.RoleModerator)
		write := scopedToken(t, env, "mona", store.ScopeWrite)
		staff := scopedToken(t, env, "mona", store.ScopeStaff)
		outOfScope(t, "moderator's write token votes up", vote(write.Token, 1), store.ScopeStaff)
		if n := votes(); n != 0 {
			t.Fatalf("a refused up-vote stored %d votes", n)
		}
		voted("moderator's staff token votes up", vote(staff.Token, 1), 1)
		if got := rep(monaID); got != 1 {
			t.Fatalf("the moderator has %d reputation; the test wants a new one", got)
		}
	}, func(c *config.Config) { c.Reputation.VoteUp = 15 })
}
