package web_test

import (
	"context"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"stackdesk/internal/auth"
	"stackdesk/internal/qa"
	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestClosedNotificationSaysWhy checks each closed notification in the
// asker's inbox keeps the reason it was sent with, after the question is
// reopened and closed again for another reason.
func TestClosedNotificationSaysWhy(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	_, ada := env.SignUp(t, "ada")
	q := env.Ask(t, ada, "Which laptop should I buy for the team?", "laptop")
	ctx := context.Background()
	mod, err := env.App.Auth.CreateUser(ctx, auth.SignUp{Username: "mod", Email: "mod@example.com", Password: "correct horse battery"}, store.RoleModerator)
	if err != nil {
		t.Fatal(err)
	}
	if err := env.App.QA.Close(ctx, mod, q, qa.CloseInput{Reason: "opinion-based"}); err != nil {
		t.Fatal(err)
	}
	b := newBrowser(env)
	b.logIn(t, "ada")
	contains(t, b.get(t, "/inbox"), "mod"+staffMark("moderator")+" closed your question (opinion-based): <span")
	if err := env.App.QA.Reopen(ctx, mod, q); err != nil {
		t.Fatal(err)
	}
	if err := env.App.QA.Close(ctx, mod, q, qa.CloseInput{Reason: "needs-focus"}); err != nil {
		t.Fatal(err)
	}
	contains(t, b.get(t, "/inbox"), "mod"+staffMark("moderator")+" closed your question (opinion-based): <span", "mod"+staffMark("moderator")+" reopened your question: <span",
		"mod"+staffMark("moderator")+" closed your question (it needs more focus): <span")
}

// TestModeratorDeletionIsToldToTheAuthor checks the author of a post a
// moderator deletes is told, and that the notice about their deleted
// question still leads them to it, while it is gone for others.
func TestModeratorDeletionIsToldToTheAuthor(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	_, ada := env.SignUp(t, "ada")
	_, bob := env.SignUp(t, "bob")
	q := env.Ask(t, ada, "Which laptop should I buy for the team?", "laptop")
	env.Answer(t, bob, q, "Any with 16 GB of memory and a docking station port will do.")
	ctx := context.Background()
	mod, err := env.App.Auth.CreateUser(ctx, auth.SignUp{Username: "mod", Email: "mod@example.com", Password: "correct horse battery"}, store.RoleModerator)
	if err != nil {
		t.Fatal(err)
	}
	if err := env.App.QA.Delete(ctx, mod, q); err != nil {
		t.Fatal(err)
	}
	author := newBrowser(env)
	author.logIn(t, "ada")
	in := author.get(t, "/inbox")
	contains(t, in, "mod"+staffMark("moderator")+" deleted your post: <span class=\"note-title\" dir=\"auto\">Which laptop should I buy for the team?</span>")
	link := regexp.MustCompile(`href="(/inbox/\d+)">mod <span class="staff-mark"[^\n]*?</span></span> deleted`).FindSubmatch(in.Body)
	if link == nil {
		t.Fatal("no link to the notification")
	}
	if res := author.get(t, string(link[1])); res.Status != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/questions/") {
		t.Fatalf("opening it: %d to %q, want the question", res.Status, res.Header.Get("Location"))
	}
	// bob, who answered, learns nothing of it, and his notices find no question.
	other := newBrowser(env)
	other.logIn(t, "bob")
	if strings.Contains(string(other.get(t, "/inbox").Body), "Which laptop") {
		t.Error("the deleted question's title shows to someone else")
	}
}
