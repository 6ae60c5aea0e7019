package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestEditACommentThroughPages: a comment's author finds "Edit" beside it,
// changes it on the form (bad text comes back with the message beside the
// field), and the question page shows the new text marked edited; someone
// else gets no link and a 403 page; the API says the same and shows
// edited_at.
func TestEditACommentThroughPages(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	_, ada := env.SignUp(t, "ada")
	q := env.Ask(t, ada, "Teams calls drop after ten minutes")
	bob := newBrowser(env)
	bob.signUp(t, "bob")
	page := "/questions/" + itoa(q)
	res := bob.post(t, page, "/posts/"+itoa(q)+"/comments", url.Values{"body": {"Does it happen on the wifi or on the cable?"}})
	if res.Status != http.StatusSeeOther {
		t.Fatalf("comment: %d %s", res.Status, res.Body)
	}
	id := strings.TrimPrefix(res.Header.Get("Location")[strings.Index(res.Header.Get("Location"), "#"):], "#comment-")
	edit := "/comments/" + id + "/edit"
	contains(t, bob.get(t, page), `<a href="`+edit+`" class="small" rel="nofollow">Edit</a>`)

	contains(t, bob.get(t, edit), "Does it happen on the wifi or on the cable?</textarea>", "can be edited for 5 minutes")
	res = bob.post(t, edit, edit, url.Values{"body": {"short"}})
	if res.Status != http.StatusUnprocessableEntity {
		t.Errorf("short text: %d, want 422", res.Status)
	}
	contains(t, res, `id="body-error"`, "short</textarea>")
	res = bob.post(t, edit, edit, url.Values{"body": {"Does it happen on the **wifi** or on the cable too?"}})
	if res.Status != http.StatusSeeOther || !strings.HasSuffix(res.Header.Get("Location"), "#comment-"+id) {
		t.Fatalf("edit: %d %s", res.Status, res.Header.Get("Location"))
	}
	contains(t, bob.get(t, page), "Does it happen on the <strong>wifi</strong> or on the cable too?", `<span class="edited"`)

	carl := newBrowser(env)
	carl.signUp(t, "carl")
	if body := string(carl.get(t, page).Body); strings.Contains(body, edit) {
		t.Error("someone else is offered the edit")
	}
	if res := carl.get(t, edit); res.Status != http.StatusForbidden || strings.Contains(string(res.Body), "<textarea") {
		t.Errorf("someone else's form: %d", res.Status)
	}
	_, carlTok := env.SignUp(t, "dora")
	if res := env.API(t, "PATCH", "/comments/"+id, carlTok, map[string]string{"body": "Does it happen on the wifi at all?"}); res.Status != http.StatusForbidden {
		t.Errorf("API edit by someone else: %d %s", res.Status, res.Body)
	}
	var list struct {
		Items []struct {
			Body     string
			EditedAt *string `json:"edited_at"`
		}
	}
	env.API(t, "GET", "/posts/"+itoa(q)+"/comments", "", nil).JSON(t, &list)
	if len(list.Items) != 1 || list.Items[0].EditedAt == nil || !strings.Contains(list.Items[0].Body, "**wifi**") {
		t.Errorf("API comments: %+v", list)
	}
}
