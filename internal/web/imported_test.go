package web_test

import (
	"context"
	"testing"

	"stackdesk/internal/auth"
	"stackdesk/internal/importer"
	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestEditingAnImportedPostStartsFromItsMarkdown checks that the edit form
// of a post imported without Markdown holds the Markdown of what readers see.
func TestEditingAnImportedPostStartsFromItsMarkdown(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	if _, err := importer.Import(context.Background(), env.App.Store, "../../testdata/se-small", importer.Options{}); err != nil {
		t.Fatal(err)
	}
	if _, err := env.App.Auth.CreateUser(context.Background(), auth.SignUp{Username: "mod", Email: "mod@example.com",
		Password: "correct horse battery"}, store.RoleModerator); err != nil {
		t.Fatal(err)
	}
	b := newBrowser(env)
	b.logIn(t, "mod")
	contains(t, b.get(t, "/posts/3/edit"), `Install the **new certificate** from the [portal](https://intranet.example.com/certs).</textarea>`)
}
