package api_test

import (
	"net/http"
	"testing"

	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestVoteDownGoesByTokenScope: voting down needs the reputation, or a
// staff role that only a token with the staff scope carries. A new
// moderator's write token acts as a member of reputation 1 and is refused,
// naming the staff scope, with nothing stored; their staff token may vote
// down, and so may a member with the reputation.
func TestVoteDownGoesByTokenScope(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		_, ada := env.SignUp(t, "ada")
		q := env.Ask(t, ada, "Outlook asks for the password again and again")
		modID := staffUser(t, env, "mona", store.RoleModerator)
		write := scopedToken(t, env, "mona", store.ScopeWrite)
		staff := scopedToken(t, env, "mona", store.ScopeStaff)
		votes := func() (n int64) {
			if err := env.App.Store.DB.Model(&store.Vote{}).Where("post_id = ?", q).Count(&n).Error; err != nil {
				t.Fatal(err)
			}
			return n
		}

		res := env.API(t, "PUT", "/posts/"+itoa(q)+"/vote", write.Token, map[string]int{"value": -1})
		outOfScope(t, "moderator's write token votes down", res, store.ScopeStaff)
		if n := votes(); n != 0 {
			t.Fatalf("a refused down-vote stored %d votes", n)
		}
		// Voting up is open to everyone, whatever the scope.
		if res := env.API(t, "PUT", "/posts/"+itoa(q)+"/vote", write.Token, map[string]int{"value": 1}); res.Status != http.StatusOK {
			t.Fatalf("moderator's write token votes up: %d %s", res.Status, res.Body)
		}
		res = env.API(t, "PUT", "/posts/"+itoa(q)+"/vote", staff.Token, map[string]int{"value": -1})
		if res.Status != http.StatusOK || res.Map(t)["my_vote"].(float64) != -1 {
			t.Fatalf("moderator's staff token votes down: %d %s", res.Status, res.Body)
		}
		var rep int
		env.App.Store.DB.Model(&store.User{}).Where("id = ?", modID).Select("reputation").Scan(&rep)
		if rep != 1 {
			t.Fatalf("the moderator has %d reputation; the test wants a new one", rep)
		}

		// A member with the reputation votes down with a write token.
		carlID, _ := env.SignUp(t, "carl")
		if err := env.App.Store.DB.Model(&store.User{}).Where("id = ?", carlID).Update("reputation", 50).Error; err != nil {
			t.Fatal(err)
		}
		carl := scopedToken(t, env, "carl", store.ScopeWrite)
		res = env.API(t, "PUT", "/posts/"+itoa(q)+"/vote", carl.Token, map[string]int{"value": -1})
		if res.Status != http.StatusOK || res.Map(t)["my_vote"].(float64) != -1 {
			t.Fatalf("member with 50 reputation votes down: %d %s", res.Status, res.Body)
		}
	})
}
