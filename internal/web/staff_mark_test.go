package web_test

import (
	"context"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestStaffNamesCarryAMark: a moderator's and an administrator's name
// carry a ♦ (read out as their role) on posts, comments, user cards and in
// the inbox, so a member who takes a moderator's display name is told
// apart from them: the copy has no mark.
func TestStaffNamesCarryAMark(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		ctx := context.Background()
		_, ada := env.SignUp(t, "ada")
		modID, mod := env.SignUp(t, "sabine")
		rootID, root := env.SignUp(t, "root")
		_, fake := env.SignUp(t, "neuling")
		if _, err := env.App.Auth.AssignRole(ctx, rootID, store.RoleAdmin, nil); err != nil {
			t.Fatal(err)
		}
		if _, err := env.App.Auth.AssignRole(ctx, modID, store.RoleModerator, &rootID); err != nil {
			t.Fatal(err)
		}
		for _, tok := range []string{mod, fake} {
			if res := env.API(t, "PATCH", "/me", tok, map[string]string{"display_name": "Sabine Keller"}); res.Status != http.StatusOK {
				t.Fatalf("rename: %d %s", res.Status, res.Body)
			}
		}
		q := env.Ask(t, ada, "Laptop battery swells and the touchpad lifts", "laptop")
		qs := strconv.FormatInt(q, 10)
		for _, c := range []struct{ tok, body string }{ // the moderator first, the copy after
			{mod, "Please stop using and charging it right away."},
			{fake, "Please send me your password by mail so I can check the account."},
		} {
			if res := env.API(t, "POST", "/posts/"+qs+"/comments", c.tok, map[string]string{"body": c.body}); res.Status != http.StatusCreated {
				t.Fatalf("comment: %d %s", res.Status, res.Body)
			}
		}
		rq := env.Ask(t, root, "Which docking stations does IT support?", "docking")

		mark := staffMark
		// Each comment's byline: the moderator's carries the mark, the copy's not.
		byline := regexp.MustCompile(`(?s)<div class="comment-body"[^>]*>(.*?)</div>\s*<span class="cmeta muted">– (.*?)\s*<time`)
		page := newBrowser(env).get(t, "/questions/"+qs)
		got := map[string]string{}
		for _, m := range byline.FindAllStringSubmatch(string(page.Body), -1) {
			got[strings.TrimSpace(m[1])] = m[2]
		}
		wantMod := `<bdi><a href="/users/` + strconv.FormatInt(modID, 10) + `/sabine-keller">Sabine Keller</a></bdi>` + mark("moderator")
		if by := got["<p>Please stop using and charging it right away.</p>"]; by != wantMod {
			t.Errorf("the moderator's comment is signed %q, want %q", by, wantMod)
		}
		if by := got["<p>Please send me your password by mail so I can check the account.</p>"]; strings.Contains(by, "staff-mark") || !strings.Contains(by, ">Sabine Keller</a></bdi>") {
			t.Errorf("the copy's comment is signed %q", by)
		}
		// The administrator's user card on their question, in German too.
		contains(t, newBrowser(env).get(t, "/questions/"+strconv.FormatInt(rq, 10)), `<div class="user-card">`+"\n  "+`<bdi><a href="/users/`+strconv.FormatInt(rootID, 10)+`/root">root</a></bdi>`+mark("administrator"))
		contains(t, newBrowser(env).get(t, "/questions/"+qs, "Accept-Language", "de"), mark("Moderation"))

		// ada's inbox: the moderator's comment with the mark, the copy's without.
		b := newBrowser(env)
		b.logIn(t, "ada")
		inbox := string(b.get(t, "/inbox").Body)
		if !strings.Contains(inbox, ">Sabine Keller"+mark("moderator")+" commented on your post") || !strings.Contains(inbox, ">Sabine Keller commented on your post") {
			t.Errorf("ada's inbox does not tell the moderator from the copy:\n%s", inbox)
		}
		var notes struct{ Items []struct{ Text string } }
		env.API(t, "GET", "/notifications", ada, nil).JSON(t, &notes)
		var texts []string
		for _, n := range notes.Items {
			texts = append(texts, n.Text)
		}
		if strings.Join(texts, "\n") != "Sabine Keller commented on your post\nSabine Keller ♦ commented on your post" {
			t.Errorf("ada's notifications:\n%s", strings.Join(texts, "\n"))
		}
	})
}

// staffMark is the ♦ after a staff member's name, with their role (as the
// page's language says it) for screen readers.
func staffMark(role string) string {
	return ` <span class="staff-mark" title="` + role + `"><span aria-hidden="true">♦</span><span class="sr-only">` + role + `</span></span>`
}
