package api_test

import (
	"strings"
	"testing"

	"stackdesk/internal/testkit"
)

type inboxJSON struct {
	Items []struct {
		ID         int64  `json:"id"`
		Type       string `json:"type"`
		Read       bool   `json:"read"`
		QuestionID *int64 `json:"question_id"`
		Text       string `json:"text"`
		URL        string `json:"url"`
	} `json:"items"`
	Unread int64 `json:"unread"`
	Total  int64 `json:"total"`
}

func inboxOf(t *testing.T, env *testkit.Env, token string) inboxJSON {
	t.Helper()
	res := env.API(t, "GET", "/notifications", token, nil)
	if res.Status != 200 {
		t.Fatalf("notifications: %d %s", res.Status, res.Body)
	}
	var in inboxJSON
	res.JSON(t, &in)
	return in
}

func TestNotificationsAndFollowsAPI(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		_, ada := env.SignUp(t, "ada")
		_, bob := env.SignUp(t, "bob")
		_, cy := env.SignUp(t, "cyd")
		_, dee := env.SignUp(t, "dee")
		q := env.Ask(t, ada, "VPN certificate expired this morning", "vpn")
		env.Answer(t, bob, q, "Renew the certificate in the self-service portal, then reconnect.")

		in := inboxOf(t, env, ada)
		if in.Unread != 1 || in.Total != 1 || in.Items[0].Type != "answer" || in.Items[0].Read ||
			in.Items[0].QuestionID == nil || *in.Items[0].QuestionID != q || in.Items[0].Text != "bob answered" ||
			!strings.HasPrefix(in.Items[0].URL, "/questions/"+itoa(q)+"#answer-") {
			t.Fatalf("ada's inbox: %+v", in)
		}
		if res := env.API(t, "GET", "/notifications", "", nil); res.Status != 401 {
			t.Fatalf("anonymous: %d", res.Status)
		}
		// Marking read: validation, someone else's id, one, all.
		for _, c := range []struct {
			body any
			want int
		}{
			{map[string]any{}, 422},
			{map[string]any{"ids": []int64{}}, 422},
			{map[string]any{"all": true, "ids": []int64{in.Items[0].ID}}, 422},
			{map[string]any{"ids": []int64{999999}}, 404},
			{map[string]any{"ids": "one"}, 422},
		} {
			if res := env.API(t, "POST", "/notifications/read", ada, c.body); res.Status != c.want {
				t.Errorf("read %v: %d, want %d: %s", c.body, res.Status, c.want, res.Body)
			}
		}
		if res := env.API(t, "POST", "/notifications/read", bob, map[string]any{"ids": []int64{in.Items[0].ID}}); res.Status != 404 {
			t.Fatalf("bob marks ada's: %d", res.Status)
		}
		res := env.API(t, "POST", "/notifications/read", ada, map[string]any{"ids": []int64{in.Items[0].ID}})
		if m := res.Map(t); res.Status != 200 || m["marked"].(float64) != 1 || m["unread"].(float64) != 0 {
			t.Fatalf("mark one: %d %s", res.Status, res.Body)
		}
		if res := env.API(t, "POST", "/notifications/read", ada, map[string]any{"all": true}); res.Status != 200 {
			t.Fatalf("mark all: %d", res.Status)
		}

		// Follows: bad input, then cy follows vpn and dee the question.
		for _, c := range []struct {
			method, path, token string
			want                int
		}{
			{"PUT", "/tags/vpn/follow", "", 401},
			{"PUT", "/tags/nosuchtag/follow", cy, 404},
			{"PUT", "/questions/abc/follow", dee, 404},
			{"PUT", "/questions/999999/follow", dee, 404},
			{"PUT", "/tags/VPN/follow", cy, 204},
			{"PUT", "/questions/" + itoa(q) + "/follow", dee, 204},
		} {
			if res := env.API(t, c.method, c.path, c.token, nil); res.Status != c.want {
				t.Errorf("%s %s: %d, want %d: %s", c.method, c.path, res.Status, c.want, res.Body)
			}
		}
		q2 := env.Ask(t, ada, "VPN client asks for a token every hour", "vpn")
		env.Answer(t, cy, q, "Also make sure the clock of your laptop is right.")
		// cy: a new question in vpn (bob, the vpn expert, was routed it instead).
		if in := inboxOf(t, env, cy); in.Total != 1 || in.Items[0].Type != "tag" || *in.Items[0].QuestionID != q2 {
			t.Fatalf("cyd: %+v", in)
		}
		if in := inboxOf(t, env, bob); in.Total != 2 || in.Items[0].Type != "answer" || in.Items[1].Type != "routed" || *in.Items[1].QuestionID != q2 {
			t.Fatalf("bob: %+v", in)
		}
		if in := inboxOf(t, env, dee); in.Total != 1 || in.Items[0].Type != "answer" {
			t.Fatalf("dee: %+v", in)
		}
		// Unfollowing stops them.
		env.API(t, "DELETE", "/tags/vpn/follow", cy, nil)
		env.API(t, "DELETE", "/questions/"+itoa(q)+"/follow", dee, nil)
		env.Ask(t, ada, "VPN disconnects when the laptop sleeps", "vpn")
		env.Answer(t, bob, q, "A third answer that nobody new should hear about.")
		// cyd answered q (so follows it) and is now a vpn expert: routed the new
		// question, told of the answer, but no longer as a follower of vpn.
		in = inboxOf(t, env, cy)
		var types []string
		for _, it := range in.Items {
			types = append(types, it.Type)
		}
		if strings.Join(types, ",") != "answer,routed,tag" {
			t.Fatalf("cyd after unfollow: %v", types)
		}
		if in := inboxOf(t, env, dee); in.Total != 1 {
			t.Fatalf("dee after unfollow: %+v", in)
		}
	})
}

// TestFollowingAPI: GET /me/following lists the caller's followed questions,
// marks those they asked, and loses a question they unfollow.
func TestFollowingAPI(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		_, ada := env.SignUp(t, "ada")
		_, bob := env.SignUp(t, "bob")
		q := env.Ask(t, ada, "VPN certificate expired this morning", "vpn")
		env.Answer(t, bob, q, "Renew the certificate in the self-service portal, then reconnect.")
		type list struct {
			Items []struct {
				ID          int64    `json:"id"`
				Title       string   `json:"title"`
				Tags        []string `json:"tags"`
				AnswerCount int      `json:"answer_count"`
				Asked       bool     `json:"asked"`
				URL         string   `json:"url"`
			} `json:"items"`
			Total int64 `json:"total"`
		}
		following := func(token string) list {
			t.Helper()
			res := env.API(t, "GET", "/me/following", token, nil)
			if res.Status != 200 {
				t.Fatalf("following: %d %s", res.Status, res.Body)
			}
			var l list
			res.JSON(t, &l)
			return l
		}
		if l := following(ada); l.Total != 1 || len(l.Items) != 1 || l.Items[0].ID != q || !l.Items[0].Asked ||
			l.Items[0].AnswerCount != 1 || l.Items[0].URL != "/questions/"+itoa(q) || strings.Join(l.Items[0].Tags, " ") != "vpn" {
			t.Fatalf("ada follows: %+v", l)
		}
		if l := following(bob); l.Total != 1 || l.Items[0].ID != q || l.Items[0].Asked {
			t.Fatalf("bob follows: %+v", l)
		}
		env.API(t, "DELETE", "/questions/"+itoa(q)+"/follow", bob, nil)
		if l := following(bob); l.Total != 0 || len(l.Items) != 0 {
			t.Fatalf("bob after unfollowing: %+v", l)
		}
		if res := env.API(t, "GET", "/me/following", "", nil); res.Status != 401 {
			t.Fatalf("anonymous: %d", res.Status)
		}
		if res := env.API(t, "GET", "/me/following?page_size=x", ada, nil); res.Status != 422 {
			t.Fatalf("bad page size: %d", res.Status)
		}
	})
}
