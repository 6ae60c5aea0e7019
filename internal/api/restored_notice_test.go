package api_test

import (
	"io"
	"net/http"
	"testing"

	"stackdesk/internal/testkit"
)

// TestRestoredPostTellsItsAuthor checks that an author told of a
// moderator's deletion is told when someone else restores the post, with a
// link to it and in their language; an author restoring what they deleted
// themselves hears nothing.
func TestRestoredPostTellsItsAuthor(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		_, ada := env.SignUp(t, "ada")
		_, bob := env.SignUp(t, "bob")
		mod := moderator(t, env)
		call := caller(t, env)
		q := env.Ask(t, ada, "Printer on the third floor prints blank pages", "printing")
		a := env.Answer(t, bob, q, "Replace the toner cartridge; the drum unit is fine.")

		// The moderator deletes bob's answer and restores it: bob hears both.
		call(mod, "DELETE", "/answers/"+itoa(a), http.StatusNoContent)
		call(mod, "POST", "/posts/"+itoa(a)+"/undelete", http.StatusNoContent)
		in := inboxOf(t, env, bob)
		if len(in.Items) < 2 || in.Items[0].Type != "restored" || in.Items[1].Type != "deleted" {
			t.Fatalf("bob's inbox: %+v", in)
		}
		if it := in.Items[0]; it.Text != "mod ♦ restored your post" || it.URL != "/questions/"+itoa(q)+"#answer-"+itoa(a) ||
			it.QuestionID == nil || *it.QuestionID != q {
			t.Fatalf("restored notification: %+v", it)
		}
		// In German, as the rest of the inbox.
		res := germanGet(t, env, "/api/v1/notifications", bob)
		var de inboxJSON
		res.JSON(t, &de)
		if de.Items[0].Text != "mod ♦ hat Ihren Beitrag wiederhergestellt" {
			t.Fatalf("German text: %q", de.Items[0].Text)
		}

		// A question deleted and restored by the moderator: ada hears it too.
		call(mod, "DELETE", "/questions/"+itoa(q), http.StatusNoContent)
		call(mod, "POST", "/posts/"+itoa(q)+"/undelete", http.StatusNoContent)
		if in := inboxOf(t, env, ada); in.Items[0].Type != "restored" || in.Items[0].URL != "/questions/"+itoa(q) {
			t.Fatalf("ada's inbox: %+v", in)
		}

		// bob deletes and restores his own answer: nothing new for him.
		before := inboxOf(t, env, bob).Total
		call(bob, "DELETE", "/answers/"+itoa(a), http.StatusNoContent)
		call(bob, "POST", "/posts/"+itoa(a)+"/undelete", http.StatusNoContent)
		if in := inboxOf(t, env, bob); in.Total != before {
			t.Fatalf("bob restored his own answer and was told: %+v", in)
		}
		// bob deletes it, the moderator restores it: bob was not told of a
		// deletion he made himself, so he is not told of the restoring.
		call(bob, "DELETE", "/answers/"+itoa(a), http.StatusNoContent)
		call(mod, "POST", "/posts/"+itoa(a)+"/undelete", http.StatusNoContent)
		if in := inboxOf(t, env, bob); in.Total != before {
			t.Fatalf("bob's own deletion restored by a moderator: %+v", in)
		}
	})
}

// germanGet sends an API GET with token, asking for German.
func germanGet(t *testing.T, env *testkit.Env, path, token string) *testkit.Response {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, env.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Accept-Language", "de")
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := env.Client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return &testkit.Response{Status: res.StatusCode, Header: res.Header, Body: b}
}
