package e2e

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"stackdesk/internal/auth"
	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestModeratorRestoresDeletedCommentInBrowser: on the question page a
// moderator sees a deleted comment set apart (a "deleted" label, its text
// faded) and restores it with one click; before that, a member on the same
// page sees no trace of it, and after it, the comment reads as any other.
func TestModeratorRestoresDeletedCommentInBrowser(t *testing.T) {
	ctx := context.Background()
	env := testkit.Boot(t, store.SQLite)
	_, ada := env.SignUp(t, "ada")
	_, bob := env.SignUp(t, "bob")
	q := env.Ask(t, ada, "Outlook keeps asking for my password every hour", "outlook")
	res := env.API(t, "POST", "/posts/"+strconv.FormatInt(q, 10)+"/comments", bob, map[string]string{"body": "Just search before you ask, this is everywhere."})
	if res.Status != 201 {
		t.Fatalf("comment: %d %s", res.Status, res.Body)
	}
	c := int64(res.Map(t)["id"].(float64))
	mod, err := env.App.Auth.CreateUser(ctx, auth.SignUp{Username: "mod", Email: "mod@example.com", Password: "correct horse battery"}, store.RoleModerator)
	if err != nil {
		t.Fatal(err)
	}
	if err := env.App.QA.DeleteComment(ctx, mod, c); err != nil {
		t.Fatal(err)
	}
	path := "/questions/" + strconv.FormatInt(q, 10)
	logIn := func(tab context.Context, name string) {
		t.Helper()
		err := chromedp.Do(tab,
			chromedp.Navigate(env.URL+"/login?next="+path),
			chromedp.WaitVisible("#login"),
			chromedp.SendKeys("#login", name),
			chromedp.SendKeys("#password", "correct horse battery"),
			chromedp.Submit("#password"),
			chromedp.WaitVisible("#q-title"),
		)
		if err != nil {
			t.Fatalf("%s logs in: %v", name, err)
		}
	}
	browser := testkit.Browser(t)

	member := testkit.Tab(t, browser, 60*time.Second)
	logIn(member, "ada")
	if n, err := chromedp.Run(member, chromedp.Evaluate[int](`document.querySelectorAll(".comment").length`)); err != nil || n != 0 {
		t.Fatalf("a member sees %d comments (%v), want none", n, err)
	}

	tab := testkit.Tab(t, browser, 60*time.Second)
	logIn(tab, "mod")
	type look struct {
		Label   string  `json:"label"`
		Opacity float64 `json:"opacity"`
		Shaded  bool    `json:"shaded"`
	}
	got, err := chromedp.Run(tab, chromedp.Evaluate[look](`(() => {
		const li = document.querySelector("#comment-`+strconv.FormatInt(c, 10)+`.comment.deleted");
		if (!li) return {label: "", opacity: 1, shaded: false};
		const label = li.querySelector(".deleted-label");
		return {label: label ? label.innerText : "",
			opacity: parseFloat(getComputedStyle(li.querySelector(".comment-body")).opacity),
			shaded: getComputedStyle(li).backgroundColor !== getComputedStyle(document.body).backgroundColor};
	})()`))
	if err != nil {
		t.Fatal(err)
	}
	if got.Label != "deleted" || got.Opacity >= 1 || !got.Shaded {
		t.Fatalf("the deleted comment looks %+v, want it labelled, faded and shaded", got)
	}
	err = chromedp.Do(tab,
		chromedp.Click(".comment.deleted form button"),
		chromedp.WaitNotPresent(".comment.deleted"),
		chromedp.WaitVisible("#comment-"+strconv.FormatInt(c, 10)),
	)
	if err != nil {
		t.Fatalf("restoring: %v", err)
	}
	if at, err := chromedp.Run(tab, chromedp.Location()); err != nil || at != env.URL+path+"#comment-"+strconv.FormatInt(c, 10) {
		t.Fatalf("after restoring the browser is at %q (%v)", at, err)
	}
	if err := chromedp.Do(member, chromedp.Reload(), chromedp.WaitVisible("#comment-"+strconv.FormatInt(c, 10))); err != nil {
		t.Fatalf("the member does not see the restored comment: %v", err)
	}
}
