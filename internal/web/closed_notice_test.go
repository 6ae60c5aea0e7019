package web_test

import (
	"context"
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
	contains(t, b.get(t, "/inbox"), "mod closed your question (opinion-based): <span")
	if err := env.App.QA.Reopen(ctx, mod, q); err != nil {
		t.Fatal(err)
	}
	if err := env.App.QA.Close(ctx, mod, q, qa.CloseInput{Reason: "needs-focus"}); err != nil {
		t.Fatal(err)
	}
	contains(t, b.get(t, "/inbox"), "mod closed your question (opinion-based): <span", "mod reopened your question: <span",
		"mod closed your question (it needs more focus): <span")
}
