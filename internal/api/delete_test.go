package api_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"stackdesk/internal/auth"
	"stackdesk/internal/consistency"
	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestAuthorsKeepSolutions checks an author cannot delete what became
// other people's solution: a question with an accepted or upvoted answer,
// or an accepted answer. A moderator can; an unhelped question and an
// answer nobody accepted stay the author's to delete.
func TestAuthorsKeepSolutions(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		_, ada := env.SignUp(t, "ada")
		_, bob := env.SignUp(t, "bob")
		_, carl := env.SignUp(t, "carl")
		mod := moderator(t, env)
		del := func(tok, path string, want int) {
			t.Helper()
			if res := env.API(t, "DELETE", path, tok, nil); res.Status != want {
				t.Fatalf("DELETE %s: %d %s, want %d", path, res.Status, res.Body, want)
			}
		}

		// Accepted: neither the question nor the answer is its author's to delete.
		q := env.Ask(t, ada, "Outlook asks for the password every hour", "outlook")
		a := env.Answer(t, bob, q, "Remove the stored credentials in the Windows credential manager.")
		if res := env.API(t, "POST", "/answers/"+itoa(a)+"/accept", ada, nil); res.Status != http.StatusOK {
			t.Fatalf("accept: %d %s", res.Status, res.Body)
		}
		del(ada, "/questions/"+itoa(q), http.StatusForbidden)
		del(bob, "/answers/"+itoa(a), http.StatusForbidden)
		// Taking the acceptance back is the asker's alone, and the refusal says so.
		if res := env.API(t, "DELETE", "/answers/"+itoa(a)+"/accept", mod, nil); res.Status != http.StatusForbidden ||
			!strings.Contains(string(res.Body), "Only the person who asked can take back an accepted answer.") {
			t.Fatalf("a moderator takes the acceptance back: %d %s", res.Status, res.Body)
		}
		if res := env.API(t, "GET", "/questions/"+itoa(q), "", nil).Map(t); res["accepted_answer_id"] != float64(a) {
			t.Fatalf("the refused deletions changed the question: %v", res)
		}

		// Upvoted: the question stays; the unaccepted answer is still bob's to delete.
		q2 := env.Ask(t, ada, "Teams camera shows a black picture", "teams")
		a2 := env.Answer(t, bob, q2, "Close other apps that use the camera, then restart Teams.")
		if res := env.API(t, "PUT", "/posts/"+itoa(a2)+"/vote", carl, map[string]int{"value": 1}); res.Status != http.StatusOK {
			t.Fatalf("vote: %d %s", res.Status, res.Body)
		}
		del(ada, "/questions/"+itoa(q2), http.StatusForbidden)
		del(bob, "/answers/"+itoa(a2), http.StatusNoContent)
		del(ada, "/questions/"+itoa(q2), http.StatusNoContent) // no helpful answer left

		// A moderator can delete an accepted answer and its question.
		del(mod, "/answers/"+itoa(a), http.StatusNoContent)
		del(mod, "/questions/"+itoa(q), http.StatusNoContent)
	})
}

// caller returns a function that sends an API request without a body and
// fails the test unless it gets the status wanted.
func caller(t *testing.T, env *testkit.Env) func(tok, method, path string, want int) {
	return func(tok, method, path string, want int) {
		t.Helper()
		if res := env.API(t, method, path, tok, nil); res.Status != want {
			t.Fatalf("%s %s: %d %s, want %d", method, path, res.Status, res.Body, want)
		}
	}
}

// noDrift fails the test unless every cached count agrees with a recount.
func noDrift(t *testing.T, env *testkit.Env) {
	t.Helper()
	r, err := consistency.Run(context.Background(), env.App.Store, false, time.Now())
	if err != nil || len(r.Drifts) != 0 {
		t.Fatalf("drift: %v %v", err, r.Drifts)
	}
}

// moderator creates a moderator and returns an API token of theirs.
func moderator(t *testing.T, env *testkit.Env) string {
	t.Helper()
	if _, err := env.App.Auth.CreateUser(context.Background(), auth.SignUp{Username: "mod", Email: "mod@example.com",
		Password: "correct horse battery"}, store.RoleModerator); err != nil {
		t.Fatal(err)
	}
	return env.API(t, "POST", "/tokens", "", map[string]string{"username": "mod", "password": "correct horse battery"}).Map(t)["token"].(string)
}

// TestModeratorsRestoreDeletedPosts deletes an answer and its question and
// restores both: the question is back in lists and search with its counts,
// and every cached count agrees with a recount.
func TestModeratorsRestoreDeletedPosts(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		_, ada := env.SignUp(t, "ada")
		_, bob := env.SignUp(t, "bob")
		mod := moderator(t, env)
		q := env.Ask(t, ada, "Outlook asks for the password every hour", "outlook")
		a := env.Answer(t, bob, q, "Remove the stored credentials in the Windows credential manager.")
		call := caller(t, env)
		call(mod, "DELETE", "/answers/"+itoa(a), http.StatusNoContent)
		call(mod, "DELETE", "/questions/"+itoa(q), http.StatusNoContent)
		call("", "GET", "/questions/"+itoa(q), http.StatusNotFound)

		call(ada, "POST", "/posts/"+itoa(q)+"/undelete", http.StatusForbidden)
		call(mod, "POST", "/posts/999999/undelete", http.StatusNotFound)
		call(mod, "POST", "/posts/"+itoa(q)+"/undelete", http.StatusNoContent)
		call(mod, "POST", "/posts/"+itoa(q)+"/undelete", http.StatusNoContent) // already live: nothing changes
		if got := env.API(t, "GET", "/questions?sort=unanswered", "", nil).Map(t); got["total"] != float64(1) {
			t.Fatalf("unanswered after restoring the question: %v", got)
		}
		call(mod, "POST", "/posts/"+itoa(a)+"/undelete", http.StatusNoContent)
		got := env.API(t, "GET", "/questions/"+itoa(q), "", nil).Map(t)
		if got["answer_count"] != float64(1) {
			t.Fatalf("restored question: %v", got)
		}
		if l := env.API(t, "GET", "/questions?sort=unanswered", "", nil).Map(t); l["total"] != float64(0) {
			t.Fatalf("unanswered after restoring the answer: %v", l)
		}
		if tags := env.API(t, "GET", "/tags", "", nil).Map(t); tags["total"] != float64(1) {
			t.Fatalf("tags: %v", tags)
		}
		env.Searchable(t)
		if s := env.API(t, "GET", "/search?q=outlook+password", "", nil).Map(t); s["total"] != float64(1) {
			t.Fatalf("search after restoring: %v", s)
		}
		noDrift(t, env)
	})
}

// TestRestoringGivesBackWhatDeletingTook restores an accepted answer a
// moderator deleted: it is accepted again and its author and the asker get
// back the reputation the deletion reversed. Authors restore what they
// deleted themselves, not what a moderator deleted, and others cannot see
// a deleted post to restore it.
func TestRestoringGivesBackWhatDeletingTook(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		adaID, ada := env.SignUp(t, "ada")
		bobID, bob := env.SignUp(t, "bob")
		_, carl := env.SignUp(t, "carl")
		mod := moderator(t, env)
		call := caller(t, env)
		rep := func(id int64) float64 {
			t.Helper()
			return env.API(t, "GET", "/users/"+itoa(id), "", nil).Map(t)["reputation"].(float64)
		}
		q := env.Ask(t, ada, "Outlook asks for the password every hour", "outlook")
		a := env.Answer(t, bob, q, "Remove the stored credentials in the Windows credential manager.")
		call(ada, "POST", "/answers/"+itoa(a)+"/accept", http.StatusOK)
		adaRep, bobRep := rep(adaID), rep(bobID)

		call(mod, "DELETE", "/answers/"+itoa(a), http.StatusNoContent)
		if got := env.API(t, "GET", "/questions/"+itoa(q), "", nil).Map(t); got["accepted_answer_id"] != nil {
			t.Fatalf("deleted answer still accepted: %v", got)
		}
		if rep(bobID) >= bobRep || rep(adaID) >= adaRep {
			t.Fatalf("deleting the accepted answer left its reputation: bob %v ada %v", rep(bobID), rep(adaID))
		}
		call(bob, "POST", "/posts/"+itoa(a)+"/undelete", http.StatusForbidden) // a moderator's deletion
		call(carl, "POST", "/posts/"+itoa(a)+"/undelete", http.StatusNotFound)
		call(mod, "POST", "/posts/"+itoa(a)+"/undelete", http.StatusNoContent)
		if got := env.API(t, "GET", "/questions/"+itoa(q), "", nil).Map(t); got["accepted_answer_id"] != float64(a) {
			t.Fatalf("restored answer not accepted again: %v", got)
		}
		if rep(bobID) != bobRep || rep(adaID) != adaRep {
			t.Fatalf("reputation after restoring: bob %v (was %v), ada %v (was %v)", rep(bobID), bobRep, rep(adaID), adaRep)
		}

		// An author restores their own deletion; restoring does not take an
		// acceptance the asker has given another answer meanwhile.
		a2 := env.Answer(t, carl, q, "Or sign out of Office everywhere and sign in again.")
		call(carl, "DELETE", "/answers/"+itoa(a2), http.StatusNoContent)
		call(bob, "POST", "/posts/"+itoa(a2)+"/undelete", http.StatusNotFound)
		call(carl, "POST", "/posts/"+itoa(a2)+"/undelete", http.StatusNoContent)
		call(carl, "POST", "/posts/"+itoa(a)+"/undelete", http.StatusForbidden) // live, and not carl's
		call(mod, "DELETE", "/answers/"+itoa(a), http.StatusNoContent)
		call(ada, "POST", "/answers/"+itoa(a2)+"/accept", http.StatusOK)
		call(mod, "POST", "/posts/"+itoa(a)+"/undelete", http.StatusNoContent)
		if got := env.API(t, "GET", "/questions/"+itoa(q), "", nil).Map(t); got["accepted_answer_id"] != float64(a2) || got["answer_count"] != float64(2) {
			t.Fatalf("after restoring the earlier accepted answer: %v", got)
		}

		// Deleting the question takes back what its acceptance gave, as
		// deleting the accepted answer does; restoring it gives it back.
		carlID := int64(env.API(t, "GET", "/me", carl, nil).Map(t)["id"].(float64))
		adaRep, carlRep := rep(adaID), rep(carlID)
		call(mod, "DELETE", "/questions/"+itoa(q), http.StatusNoContent)
		if rep(carlID) != carlRep-15 || rep(adaID) != adaRep-2 {
			t.Fatalf("after deleting the question: carl %v (was %v), ada %v (was %v)", rep(carlID), carlRep, rep(adaID), adaRep)
		}
		noDrift(t, env)
		call(mod, "POST", "/posts/"+itoa(q)+"/undelete", http.StatusNoContent)
		if rep(carlID) != carlRep || rep(adaID) != adaRep {
			t.Fatalf("after restoring the question: carl %v (was %v), ada %v (was %v)", rep(carlID), carlRep, rep(adaID), adaRep)
		}
		noDrift(t, env)
		// A question whose deletion took nothing back (deleted before
		// deletions did) gives nothing again when restored.
		call(mod, "DELETE", "/questions/"+itoa(q), http.StatusNoContent)
		if err := env.App.Store.DB.Exec("UPDATE posts SET deleted_accepted = ? WHERE id = ?", false, q).Error; err != nil {
			t.Fatal(err)
		}
		carlRep = rep(carlID)
		call(mod, "POST", "/posts/"+itoa(q)+"/undelete", http.StatusNoContent)
		if rep(carlID) != carlRep {
			t.Fatalf("restoring a question whose deletion took nothing gave carl %v (was %v)", rep(carlID), carlRep)
		}
		noDrift(t, env)
	})
}

// TestDeletedQuestionClosesItsThread: the answers under a deleted question
// take no comments, edits or deletions, and the question's title leaves
// the reputation histories that named it.
func TestDeletedQuestionClosesItsThread(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		_, ada := env.SignUp(t, "ada")
		bobID, bob := env.SignUp(t, "bob")
		_, carl := env.SignUp(t, "carl")
		mod := moderator(t, env)
		title := "Outlook asks for the password every hour"
		q := env.Ask(t, ada, title, "outlook")
		a := env.Answer(t, bob, q, "Remove the stored credentials in the Windows credential manager.")
		if res := env.API(t, "PUT", "/posts/"+itoa(a)+"/vote", carl, map[string]int{"value": 1}); res.Status != http.StatusOK {
			t.Fatalf("vote: %d %s", res.Status, res.Body)
		}
		history := func() string {
			t.Helper()
			return string(env.API(t, "GET", "/users/"+itoa(bobID)+"/reputation", "", nil).Body)
		}
		if !strings.Contains(history(), title) {
			t.Fatalf("history before the deletion: %s", history())
		}
		if res := env.API(t, "DELETE", "/questions/"+itoa(q), mod, nil); res.Status != http.StatusNoContent {
			t.Fatalf("delete: %d %s", res.Status, res.Body)
		}
		for _, c := range []struct {
			tok, method, path string
			body              any
		}{
			{carl, "POST", "/posts/" + itoa(a) + "/comments", map[string]string{"body": "Does this still work after the update?"}},
			{bob, "PATCH", "/answers/" + itoa(a), map[string]string{"body": "Remove the stored credentials in the credential manager, then restart."}},
			{bob, "DELETE", "/answers/" + itoa(a), nil},
		} {
			if res := env.API(t, c.method, c.path, c.tok, c.body); res.Status != http.StatusNotFound {
				t.Errorf("%s %s under a deleted question: %d %s", c.method, c.path, res.Status, res.Body)
			}
		}
		if h := history(); strings.Contains(h, title) || !strings.Contains(h, `"delta":10`) {
			t.Fatalf("history after the deletion: %s", h)
		}
		noDrift(t, env)
	})
}

// TestRestoringFollowsTheThread: an answer under a deleted question waits
// for the question to be restored first, and a restored answer is not
// accepted again once the asker has chosen since (accepted another and
// withdrawn it).
func TestRestoringFollowsTheThread(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		_, ada := env.SignUp(t, "ada")
		_, bob := env.SignUp(t, "bob")
		_, carl := env.SignUp(t, "carl")
		mod := moderator(t, env)
		call := caller(t, env)
		q := env.Ask(t, ada, "Outlook asks for the password every hour", "outlook")
		a := env.Answer(t, bob, q, "Remove the stored credentials in the Windows credential manager.")
		b := env.Answer(t, carl, q, "Or sign out of Office everywhere and sign in again.")
		call(ada, "POST", "/answers/"+itoa(a)+"/accept", http.StatusOK)
		call(mod, "DELETE", "/answers/"+itoa(a), http.StatusNoContent)
		call(mod, "DELETE", "/questions/"+itoa(q), http.StatusNoContent)
		call(mod, "POST", "/posts/"+itoa(a)+"/undelete", http.StatusConflict) // the question first
		call(mod, "POST", "/posts/"+itoa(q)+"/undelete", http.StatusNoContent)
		// The asker chooses meanwhile: accepts carl's answer, then withdraws it.
		call(ada, "POST", "/answers/"+itoa(b)+"/accept", http.StatusOK)
		call(ada, "DELETE", "/answers/"+itoa(b)+"/accept", http.StatusOK)
		call(mod, "POST", "/posts/"+itoa(a)+"/undelete", http.StatusNoContent)
		if got := env.API(t, "GET", "/questions/"+itoa(q), "", nil).Map(t); got["accepted_answer_id"] != nil || got["answer_count"] != float64(2) {
			t.Fatalf("after restoring: %v", got)
		}
		noDrift(t, env)
	})
}
