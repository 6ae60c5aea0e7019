package web_test

import (
	"fmt"
	"net/http"
	"testing"

	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestImportedAuthorNamesShow shows the name an imported post or comment
// carries when its author is no account here (a deleted user of the old
// site): on the question page, in lists and search, and in the API.
func TestImportedAuthorNamesShow(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	_, ada := env.SignUp(t, "ada")
	q := env.Ask(t, ada, "Printer on floor 3 prints blank pages", "printer")
	if res := env.API(t, "POST", fmt.Sprintf("/posts/%d/comments", q), ada, map[string]string{"body": "Which driver version do you use?"}); res.Status != http.StatusCreated {
		t.Fatalf("comment: %d %s", res.Status, res.Body)
	}
	db := env.App.Store.DB
	if err := db.Exec("UPDATE posts SET owner_id = NULL, owner_name = 'user46 <b>' WHERE id = ?", q).Error; err != nil {
		t.Fatal(err)
	}
	if err := db.Exec("UPDATE comments SET owner_id = NULL, owner_name = 'Former Colleague'").Error; err != nil {
		t.Fatal(err)
	}
	b := newBrowser(env)
	contains(t, b.get(t, fmt.Sprintf("/questions/%d", q)), `<div class="user-card muted">user46 &lt;b&gt;</div>`, "– <bdi>Former Colleague</bdi>")
	contains(t, b.get(t, "/questions"), `<span class="by"><bdi>user46 &lt;b&gt;</bdi>`)
	env.Searchable(t)
	contains(t, b.get(t, "/search?q=printer"), "user46 &lt;b&gt;")
	if j := env.API(t, "GET", fmt.Sprintf("/questions/%d", q), "", nil).Map(t); j["author"] != nil || j["author_name"] != "user46 <b>" {
		t.Fatalf("question JSON author %v, author_name %v", j["author"], j["author_name"])
	}
}
