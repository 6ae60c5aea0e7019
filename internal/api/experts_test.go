package api_test

import (
	"net/http"
	"strings"
	"testing"

	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// signUpAdmin signs up a user and makes them an admin (see role).
func signUpAdmin(t *testing.T, env *testkit.Env, name string) (int64, string) {
	t.Helper()
	id, tok := env.SignUp(t, name)
	role(t, env, id, store.RoleAdmin)
	return id, tok
}

type expertList struct {
	Items []struct {
		User struct {
			ID       int64  `json:"id"`
			Username string `json:"username"`
		} `json:"user"`
		Score           float64  `json:"score"`
		Answers         int      `json:"answers"`
		AcceptedAnswers int      `json:"accepted_answers"`
		SME             bool     `json:"sme"`
		TopTags         []string `json:"top_tags"`
	} `json:"items"`
	Total       int64    `json:"total"`
	MatchedTags []string `json:"matched_tags"`
}

func (l expertList) names() string {
	var out []string
	for _, it := range l.Items {
		out = append(out, it.User.Username)
	}
	return strings.Join(out, ",")
}

func TestExpertsAPI(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		_, ada := env.SignUp(t, "ada")
		_, bob := env.SignUp(t, "bob")
		cyID, cy := env.SignUp(t, "cyd")
		_, root := signUpAdmin(t, env, "root")
		q := env.Ask(t, ada, "VPN certificate expired this morning", "vpn")
		a := env.Answer(t, bob, q, "Renew the certificate in the self-service portal, then reconnect.")
		if res := env.API(t, "POST", "/answers/"+itoa(a)+"/accept", ada, nil); res.Status != 200 {
			t.Fatalf("accept: %d %s", res.Status, res.Body)
		}
		q2 := env.Ask(t, ada, "Printer on floor 3 prints blank pages", "printer")
		a2 := env.Answer(t, cy, q2, "The toner is empty; the facilities team replaces it within a day.")
		if res := env.API(t, "POST", "/answers/"+itoa(a2)+"/accept", ada, nil); res.Status != 200 {
			t.Fatalf("accept: %d %s", res.Status, res.Body)
		}

		var l expertList
		res := env.API(t, "GET", "/tags/vpn/experts", "", nil)
		res.JSON(t, &l)
		if res.Status != 200 || l.names() != "bob" || l.Items[0].Score != 4 || l.Items[0].AcceptedAnswers != 1 || l.Items[0].Answers != 1 || l.Items[0].SME {
			t.Fatalf("vpn experts: %d %s", res.Status, res.Body)
		}
		for path, want := range map[string]int{
			"/tags/nosuchtag/experts":                  404,
			"/experts":                                 422,
			"/experts?q=" + strings.Repeat("x", 501):   422,
			"/experts?tag=nosuchtag":                   404,
			"/experts?tag=printer":                     200,
			"/tags/vpn/experts?page=-1&page_size=9999": 200,
		} {
			if res := env.API(t, "GET", path, "", nil); res.Status != want {
				t.Errorf("GET %s: %d, want %d: %s", path[:min(len(path), 40)], res.Status, want, res.Body)
			}
		}
		// Free text finds experts through the index and tag names.
		env.Searchable(t)
		res = env.API(t, "GET", "/experts?q=blank+pages", "", nil)
		l = expertList{}
		res.JSON(t, &l)
		if l.names() != "cyd" || len(l.MatchedTags) != 0 {
			t.Fatalf("q=blank pages: %s", res.Body)
		}
		res = env.API(t, "GET", "/experts?q=vpn", "", nil)
		l = expertList{}
		res.JSON(t, &l)
		if l.names() != "bob" || strings.Join(l.MatchedTags, ",") != "vpn" {
			t.Fatalf("q=vpn: %s", res.Body)
		}

		// SMEs: admins only, listed first with a mark.
		sme := "/tags/vpn/smes/" + itoa(cyID)
		for _, c := range []struct {
			method, path, token string
			want                int
		}{
			{"PUT", sme, "", 401},
			{"PUT", sme, bob, 403},
			{"PUT", "/tags/vpn/smes/999999", root, 404},
			{"PUT", "/tags/vpn/smes/abc", root, 404},
			{"PUT", "/tags/nosuchtag/smes/" + itoa(cyID), root, 404},
			{"PUT", sme, root, 204},
			{"PUT", sme, root, 204},
		} {
			if res := env.API(t, c.method, c.path, c.token, nil); res.Status != c.want {
				t.Errorf("%s %s: %d, want %d: %s", c.method, c.path, res.Status, c.want, res.Body)
			}
		}
		l = expertList{}
		env.API(t, "GET", "/tags/vpn/experts", "", nil).JSON(t, &l)
		if l.names() != "cyd,bob" || !l.Items[0].SME {
			t.Fatalf("with SME: %+v", l)
		}
		if res := env.API(t, "GET", "/tags/vpn/smes", "", nil); res.Status != 200 || !strings.Contains(string(res.Body), `"username":"cyd"`) {
			t.Fatalf("SME list: %d %s", res.Status, res.Body)
		}
		if res := env.API(t, "DELETE", sme, root, nil); res.Status != 204 {
			t.Fatalf("remove SME: %d", res.Status)
		}

		// Profiles: the caller's own, with the e-mail setting; others' without.
		res = env.API(t, "PUT", "/me/profile", bob, map[string]any{"ask_me_about": "VPN, certificates", "tags": []string{"vpn", "Printer"}, "email": "immediate"})
		p := res.Map(t)
		if res.Status != 200 || p["ask_me_about"] != "VPN, certificates" || p["email"] != "immediate" || len(p["tags"].([]any)) != 2 {
			t.Fatalf("update profile: %d %s", res.Status, res.Body)
		}
		// What GET returns can be sent back, read-only fields and all.
		mine := env.API(t, "GET", "/me/profile", bob, nil).Map(t)
		mine["ask_me_about"] = "VPN, certificates, printers"
		if res := env.API(t, "PUT", "/me/profile", bob, mine); res.Status != 200 || res.Map(t)["ask_me_about"] != "VPN, certificates, printers" {
			t.Fatalf("round trip: %d %s", res.Status, res.Body)
		}
		res = env.API(t, "GET", "/users/"+itoa(l.Items[1].User.ID)+"/profile", "", nil)
		if res.Status != 200 || strings.Contains(string(res.Body), `"email"`) || !strings.Contains(string(res.Body), "VPN, certificates") {
			t.Fatalf("public profile: %d %s", res.Status, res.Body)
		}
		for _, body := range []map[string]any{{"email": "weekly"}, {"tags": []string{"nosuchtag"}}, {"ask_me_about": strings.Repeat("a", 201)},
			{"followed_tags": []string{"printer"}}, {"followed_tags": "vpn"}, {"followed_tags": []int{1}},
			{"email_enabled": !mine["email_enabled"].(bool)}, {"email_enabled": []int{1}}} {
			if res := env.API(t, "PUT", "/me/profile", bob, body); res.Status != 422 {
				t.Errorf("profile %v: %d %s", body, res.Status, res.Body)
			}
		}
		if res := env.Request(t, "PUT", "/api/v1/me/profile", bob, "application/json", strings.NewReader("{")); res.Status != 400 {
			t.Errorf("malformed profile: %d", res.Status)
		}
		if res := env.API(t, "GET", "/me/profile", "", nil); res.Status != 401 {
			t.Errorf("anonymous profile: %d", res.Status)
		}
		if res := env.API(t, "GET", "/users/999999/profile", "", nil); res.Status != 404 {
			t.Errorf("unknown user's profile: %d", res.Status)
		}
		_ = http.StatusOK
	})
}
