package api_test

import (
	"net/http"
	"strings"
	"testing"

	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestCloseVotesAPI votes to close a question through the API: a member
// without the privilege is refused (403), a second vote (409), a bad
// duplicate (422), a vote on a closed question (409); the question's JSON
// counts the votes, a vote retracted leaves it, and the third closes it.
func TestCloseVotesAPI(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		_, ada := env.SignUp(t, "ada")
		lowID, low := env.SignUp(t, "low")
		tokens := map[string]string{}
		for _, n := range []string{"v1", "v2", "v3", "v4"} {
			id, tok := env.SignUp(t, "voter"+n)
			if err := env.App.Store.DB.Model(&store.User{}).Where("id = ?", id).Update("reputation", 750).Error; err != nil {
				t.Fatal(err)
			}
			tokens[n] = tok
		}
		if err := env.App.Store.DB.Model(&store.User{}).Where("id = ?", lowID).Update("reputation", 749).Error; err != nil {
			t.Fatal(err)
		}
		original := env.Ask(t, ada, "Outlook keeps asking for my password", "outlook")
		env.Answer(t, ada, original, "Remove the stored credentials in the Windows credential manager.")
		q := env.Ask(t, ada, "Outlook password prompt appears every hour", "outlook")
		path := "/questions/" + itoa(q) + "/close-votes"
		vote := func(tok string, body map[string]any) *testkit.Response {
			t.Helper()
			return env.API(t, "POST", path, tok, body)
		}
		count := func(tok string) map[string]any {
			t.Helper()
			return getMap(t, env, "/questions/"+itoa(q), tok)
		}

		refused(t, "anonymous", vote("", map[string]any{"reason": "unclear"}), http.StatusUnauthorized, "unauthorized")
		refused(t, "no privilege", vote(low, map[string]any{"reason": "unclear"}), http.StatusForbidden, "forbidden")
		wantFields(t, "no reason", vote(tokens["v1"], map[string]any{}), "reason")
		wantFields(t, "duplicate of itself", vote(tokens["v1"], map[string]any{"reason": "duplicate", "duplicate_of": q}), "duplicate_of")
		wantFields(t, "duplicate of nothing", vote(tokens["v1"], map[string]any{"reason": "duplicate", "duplicate_of": 987654321}), "duplicate_of")
		if c := count(tokens["v1"]); c["close_votes"] != float64(0) || c["close_votes_needed"] != float64(3) || c["my_close_vote"] != nil {
			t.Fatalf("refused votes counted: %v", c)
		}

		res := vote(tokens["v1"], map[string]any{"reason": "duplicate", "duplicate_of": original})
		if res.Status != http.StatusOK {
			t.Fatalf("vote: %d %s", res.Status, res.Body)
		}
		if c := res.Map(t); c["close_votes"] != float64(1) || c["closed"] != false {
			t.Fatalf("after one vote: %v", c)
		}
		mine, _ := count(tokens["v1"])["my_close_vote"].(map[string]any)
		if mine["reason"] != "duplicate" || mine["duplicate_of"] != float64(original) {
			t.Fatalf("my_close_vote = %v", mine)
		}
		refused(t, "voting twice", vote(tokens["v1"], map[string]any{"reason": "unclear"}), http.StatusConflict, "conflict")

		if res := env.API(t, "DELETE", path, tokens["v1"], nil); res.Status != http.StatusOK || res.Map(t)["close_votes"] != float64(0) {
			t.Fatalf("retract: %d %s", res.Status, res.Body)
		}
		for _, n := range []string{"v1", "v2"} {
			if res := vote(tokens[n], map[string]any{"reason": "unclear"}); res.Status != http.StatusOK {
				t.Fatalf("vote of %s: %d %s", n, res.Status, res.Body)
			}
		}
		c := vote(tokens["v3"], map[string]any{"reason": "off-topic"}).Map(t)
		if c["closed"] != true || c["closed_reason"] != "unclear" || c["close_votes"] != float64(0) {
			t.Fatalf("after three votes: %v", c)
		}
		refused(t, "a closed question", vote(tokens["v4"], map[string]any{"reason": "unclear"}), http.StatusConflict, "conflict")
		refused(t, "retracting on a closed question", env.API(t, "DELETE", path, tokens["v1"], nil), http.StatusConflict, "conflict")

		// The OpenAPI document says so.
		var doc struct {
			Paths map[string]map[string]struct {
				Summary string `json:"summary"`
			} `json:"paths"`
			Comps struct {
				Schemas map[string]struct {
					Properties map[string]struct {
						Type string `json:"type"`
					} `json:"properties"`
				} `json:"schemas"`
			} `json:"components"`
		}
		env.API(t, "GET", "/openapi.json", "", nil).JSON(t, &doc)
		if p := doc.Comps.Schemas["MyCloseVote"].Properties["stands"]; p.Type != "boolean" {
			t.Fatalf("my_close_vote's schema: %+v", doc.Comps.Schemas["MyCloseVote"])
		}
	})
}

// TestDuplicateFlagAPI flags a question as a duplicate through the API: the
// question it names must be a live other question (else 422 on
// duplicate_of), and the flag and the queue carry it.
func TestDuplicateFlagAPI(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		_, ada := env.SignUp(t, "ada")
		_, bob := env.SignUp(t, "bob")
		mod := moderator(t, env)
		original := env.Ask(t, bob, "Outlook keeps asking for my password", "outlook")
		answer := env.Answer(t, bob, original, "Remove the stored credentials in the Windows credential manager.")
		q := env.Ask(t, ada, "Outlook password prompt appears every hour", "outlook")
		flag := func(body map[string]any) *testkit.Response {
			t.Helper()
			return env.API(t, "POST", "/posts/"+itoa(q)+"/flags", bob, body)
		}
		wantFields(t, "no question named", flag(map[string]any{"reason": "duplicate"}), "duplicate_of")
		wantFields(t, "itself", flag(map[string]any{"reason": "duplicate", "duplicate_of": q}), "duplicate_of")
		wantFields(t, "nothing", flag(map[string]any{"reason": "duplicate", "duplicate_of": 987654321}), "duplicate_of")
		wantFields(t, "an answer", flag(map[string]any{"reason": "duplicate", "duplicate_of": answer}), "duplicate_of")
		wantFields(t, "an answer flagged as a duplicate", env.API(t, "POST", "/posts/"+itoa(answer)+"/flags", ada,
			map[string]any{"reason": "duplicate", "duplicate_of": q}), "reason")
		res := flag(map[string]any{"reason": "duplicate", "duplicate_of": original})
		if res.Status != http.StatusCreated || res.Map(t)["duplicate_of"] != float64(original) {
			t.Fatalf("flag: %d %s", res.Status, res.Body)
		}
		var queue struct {
			Items []struct {
				Flags []struct {
					Reason      string `json:"reason"`
					DuplicateOf int64  `json:"duplicate_of"`
				} `json:"flags"`
			} `json:"items"`
		}
		env.API(t, "GET", "/flags", mod, nil).JSON(t, &queue)
		if len(queue.Items) != 1 || len(queue.Items[0].Flags) != 1 || queue.Items[0].Flags[0].DuplicateOf != original {
			t.Fatalf("queue: %+v", queue)
		}
	})
}

// TestCloseVotesAskerReopenAPI: an asker whose vote closed their question
// among members' votes cannot reopen it (403, saying only a moderator
// can); a moderator can.
func TestCloseVotesAskerReopenAPI(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		tokens := map[string]string{}
		for _, n := range []string{"ada", "vera", "vic"} {
			id, tok := env.SignUp(t, n)
			if err := env.App.Store.DB.Model(&store.User{}).Where("id = ?", id).Update("reputation", 750).Error; err != nil {
				t.Fatal(err)
			}
			tokens[n] = tok
		}
		q := env.Ask(t, tokens["ada"], "Which meeting room has the big screen?", "rooms")
		for _, n := range []string{"vera", "vic", "ada"} {
			if res := env.API(t, "POST", "/questions/"+itoa(q)+"/close-votes", tokens[n], map[string]any{"reason": "unclear"}); res.Status != http.StatusOK {
				t.Fatalf("vote of %s: %d %s", n, res.Status, res.Body)
			}
		}
		res := env.API(t, "DELETE", "/questions/"+itoa(q)+"/close", tokens["ada"], nil)
		refused(t, "the asker's reopening", res, http.StatusForbidden, "forbidden")
		if !strings.Contains(string(res.Body), "Members' votes closed this question, so only a moderator can reopen it.") {
			t.Fatalf("refusal says %s", res.Body)
		}
		if res := env.API(t, "DELETE", "/questions/"+itoa(q)+"/close", moderator(t, env), nil); res.Status != http.StatusOK || res.Map(t)["closed"] != false {
			t.Fatalf("moderator's reopening: %d %s", res.Status, res.Body)
		}
	})
}

// TestCloseVoteStandsAPI: my_close_vote says whether the caller's vote
// stands (a duplicate vote whose question was deleted since does not, and
// stands again once it is restored, which closes the question when that
// makes three votes stand).
func TestCloseVoteStandsAPI(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		_, ada := env.SignUp(t, "ada")
		mod := moderator(t, env)
		tokens := map[string]string{}
		for _, n := range []string{"v1", "v2", "v3"} {
			id, tok := env.SignUp(t, "voter"+n)
			if err := env.App.Store.DB.Model(&store.User{}).Where("id = ?", id).Update("reputation", 750).Error; err != nil {
				t.Fatal(err)
			}
			tokens[n] = tok
		}
		original := env.Ask(t, ada, "Outlook keeps asking for my password", "outlook")
		env.Answer(t, ada, original, "Remove the stored credentials in the Windows credential manager.")
		q := env.Ask(t, ada, "Outlook password prompt appears every hour", "outlook")
		path := "/questions/" + itoa(q) + "/close-votes"
		mine := func(tok string) map[string]any {
			t.Helper()
			m, _ := getMap(t, env, "/questions/"+itoa(q), tok)["my_close_vote"].(map[string]any)
			return m
		}

		for _, n := range []string{"v1", "v2"} {
			if res := env.API(t, "POST", path, tokens[n], map[string]any{"reason": "duplicate", "duplicate_of": original}); res.Status != http.StatusOK {
				t.Fatalf("vote of %s: %d %s", n, res.Status, res.Body)
			}
		}
		if m := mine(tokens["v1"]); m["stands"] != true || m["duplicate_of"] != float64(original) {
			t.Fatalf("a standing vote reads %v", m)
		}
		if res := env.API(t, "DELETE", "/questions/"+itoa(original), mod, nil); res.Status != http.StatusNoContent {
			t.Fatalf("delete the original: %d %s", res.Status, res.Body)
		}
		if m := mine(tokens["v1"]); m["stands"] != false || m["reason"] != "duplicate" {
			t.Fatalf("a vote naming a deleted question reads %v", m)
		}
		c := env.API(t, "POST", path, tokens["v3"], map[string]any{"reason": "unclear"}).Map(t)
		if c["closed"] != false || c["close_votes"] != float64(1) || c["my_close_vote"].(map[string]any)["stands"] != true {
			t.Fatalf("a third vote beside two that do not stand: %v", c)
		}
		if res := env.API(t, "POST", "/posts/"+itoa(original)+"/undelete", mod, nil); res.Status != http.StatusNoContent {
			t.Fatalf("restore the original: %d %s", res.Status, res.Body)
		}
		c = getMap(t, env, "/questions/"+itoa(q), tokens["v1"])
		if c["closed"] != true || c["closed_reason"] != "duplicate" || c["duplicate_of_id"] != float64(original) || c["my_close_vote"] != nil {
			t.Fatalf("restoring the original left the question %v", c)
		}
		refused(t, "retracting on a closed question", env.API(t, "DELETE", path, tokens["v1"], nil), http.StatusConflict, "conflict")
	})
}

// TestDuplicateOfDeletedQuestionAPI: a moderator naming a deleted question
// as the original is told it is deleted (and refused); a member, who
// cannot see it, that there is no such question.
func TestDuplicateOfDeletedQuestionAPI(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		_, ada := env.SignUp(t, "ada")
		modID, mod := env.SignUp(t, "mod")
		role(t, env, modID, "moderator")
		memberID, member := env.SignUp(t, "vera")
		if err := env.App.Store.DB.Model(&store.User{}).Where("id = ?", memberID).Update("reputation", 750).Error; err != nil {
			t.Fatal(err)
		}
		original := env.Ask(t, ada, "Outlook keeps asking for my password", "outlook")
		env.Answer(t, ada, original, "Remove the stored credentials in the Windows credential manager.")
		q := env.Ask(t, ada, "Outlook password prompt appears every hour", "outlook")
		if res := env.API(t, "DELETE", "/questions/"+itoa(original), mod, nil); res.Status != 200 && res.Status != 204 {
			t.Fatalf("delete: %d %s", res.Status, res.Body)
		}
		body := map[string]any{"reason": "duplicate", "duplicate_of": original}
		for tok, want := range map[string]string{mod: "Question " + itoa(original) + " is deleted.", member: "There is no question " + itoa(original) + "."} {
			res := env.API(t, "POST", "/questions/"+itoa(q)+"/close-votes", tok, body)
			if res.Status != 422 || !strings.Contains(string(res.Body), want) {
				t.Errorf("want %q: %d %s", want, res.Status, res.Body)
			}
		}
	})
}
