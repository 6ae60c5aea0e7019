package api_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"stackdesk/internal/store"
	"stackdesk/internal/store/storetest"
	"stackdesk/internal/testkit"
)

func TestMain(m *testing.M) { storetest.Main(m) }

// each runs fn against a fresh server (opts set its configuration) on
// PostgreSQL and on SQLite, the two at once (each has its own database,
// index and clock), so the package's tests keep both cores busy.
func each(t *testing.T, fn func(t *testing.T, env *testkit.Env), opts ...testkit.Option) {
	dialects(t, func(t *testing.T, d store.Dialect) { fn(t, testkit.Boot(t, d, opts...)) })
}

// dialects runs fn once for PostgreSQL and once for SQLite, in parallel
// subtests: each must set up its own server.
func dialects(t *testing.T, fn func(t *testing.T, d store.Dialect)) {
	for _, d := range []store.Dialect{store.Postgres, store.SQLite} {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			fn(t, d)
		})
	}
}

func TestAccountsAndTokens(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		res := env.API(t, "POST", "/users", "", map[string]string{"username": "Ada", "email": "ada@example.com", "password": "correct horse battery"})
		if res.Status != http.StatusCreated {
			t.Fatalf("sign up: %d %s", res.Status, res.Body)
		}
		u := res.Map(t)
		if u["username"] != "ada" || u["id"] == nil || u["reputation"].(float64) != 1 || u["email"] != "ada@example.com" {
			t.Fatalf("user = %v", u)
		}
		// Duplicate, invalid, malformed.
		if res := env.API(t, "POST", "/users", "", map[string]string{"username": "ada", "email": "x@example.com", "password": "correct horse battery"}); res.Status != http.StatusConflict {
			t.Fatalf("duplicate username: %d %s", res.Status, res.Body)
		}
		res = env.API(t, "POST", "/users", "", map[string]string{"username": "b", "email": "nope", "password": "short"})
		if res.Status != http.StatusUnprocessableEntity || res.ErrorCode() != "invalid" {
			t.Fatalf("invalid sign-up: %d %s", res.Status, res.Body)
		}
		fields := res.Map(t)["error"].(map[string]any)["fields"].(map[string]any)
		for _, f := range []string{"username", "email", "password"} {
			if fields[f] == nil {
				t.Errorf("no message for field %s: %v", f, fields)
			}
		}
		if res := env.Request(t, "POST", "/api/v1/users", "", "application/json", strings.NewReader(`{"username":`)); res.Status != http.StatusBadRequest || res.ErrorCode() != "bad_request" {
			t.Fatalf("malformed JSON: %d %s", res.Status, res.Body)
		}
		if res := env.Request(t, "POST", "/api/v1/users", "", "application/json", strings.NewReader(`{"username": 5}`)); res.Status != http.StatusUnprocessableEntity {
			t.Fatalf("wrong type: %d %s", res.Status, res.Body)
		}
		// Tokens.
		if res := env.API(t, "POST", "/tokens", "", map[string]string{"username": "ada", "password": "wrong password"}); res.Status != http.StatusUnauthorized {
			t.Fatalf("bad password: %d", res.Status)
		}
		if res := env.API(t, "POST", "/tokens", "", map[string]string{"username": " "}); res.Status != http.StatusUnprocessableEntity ||
			!strings.Contains(string(res.Body), `"username"`) || !strings.Contains(string(res.Body), `"password"`) {
			t.Fatalf("no credentials: %d %s", res.Status, res.Body)
		}
		res = env.API(t, "POST", "/tokens", "", map[string]string{"username": "ada", "password": "correct horse battery"})
		if res.Status != http.StatusCreated {
			t.Fatalf("token: %d %s", res.Status, res.Body)
		}
		var tok struct {
			ID    int64
			Token string
		}
		res.JSON(t, &tok)
		if me := env.API(t, "GET", "/me", tok.Token, nil); me.Status != 200 || me.Map(t)["username"] != "ada" {
			t.Fatalf("me: %d %s", me.Status, me.Body)
		}
		// A token made without a name gets one; the list says when each was last used.
		var toks struct {
			Items []struct {
				ID         int64
				Name       string
				LastUsedAt *string `json:"last_used_at"`
			}
		}
		env.API(t, "GET", "/tokens", tok.Token, nil).JSON(t, &toks)
		if len(toks.Items) != 1 || toks.Items[0].Name != "API token" || toks.Items[0].LastUsedAt == nil {
			t.Fatalf("tokens: %+v", toks)
		}
		if res := env.API(t, "GET", "/me", "sdk_not-a-real-token", nil); res.Status != http.StatusUnauthorized {
			t.Fatalf("bad token: %d", res.Status)
		}
		if res := env.API(t, "GET", "/me", "", nil); res.Status != http.StatusUnauthorized {
			t.Fatalf("no token: %d", res.Status)
		}
		if res := env.API(t, "DELETE", "/tokens/"+itoa(tok.ID), tok.Token, nil); res.Status != http.StatusNoContent {
			t.Fatalf("revoke: %d %s", res.Status, res.Body)
		}
		if res := env.API(t, "GET", "/me", tok.Token, nil); res.Status != http.StatusUnauthorized {
			t.Fatalf("revoked token still works: %d", res.Status)
		}
		// E-mail only for the user themself.
		_, bobTok := env.SignUp(t, "bob")
		other := env.API(t, "GET", "/users/"+itoa(int64(u["id"].(float64))), bobTok, nil).Map(t)
		if other["email"] != nil {
			t.Fatalf("e-mail shown to another user: %v", other)
		}
		if res := env.API(t, "GET", "/users/999999", "", nil); res.Status != http.StatusNotFound || res.ErrorCode() != "not_found" {
			t.Fatalf("missing user: %d %s", res.Status, res.Body)
		}
	})
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// TestWritesReturnWhatReadsGive: the times a write returns are those later
// reads give (the databases keep microseconds; a write returned nanoseconds).
func TestWritesReturnWhatReadsGive(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		_, ada := env.SignUp(t, "ada")
		res := env.API(t, "POST", "/questions", ada, map[string]any{"title": "Printer on floor 3 prints blank pages",
			"body": "Since this morning every page comes out blank, in colour and black and white.", "tags": []string{"printer"}})
		if res.Status != http.StatusCreated {
			t.Fatalf("ask: %d %s", res.Status, res.Body)
		}
		created := res.Map(t)
		read := env.API(t, "GET", "/questions/"+itoa(int64(created["id"].(float64))), "", nil).Map(t)
		for _, k := range []string{"created_at", "last_activity_at"} {
			if created[k] != read[k] {
				t.Errorf("%s: the write returned %v, a read gives %v", k, created[k], read[k])
			}
		}
	})
}

// TestUnpagedListsReportTheirPageSize: the short lists that return all their
// items as one page (answers, comments, revisions, badges, a tag's SMEs,
// tokens) report page 1 of a page size that holds them all, the largest a
// paged list gives, also when they are empty: never a page_size of 0, which
// a client would divide by.
func TestUnpagedListsReportTheirPageSize(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		adaID, ada := env.SignUp(t, "ada")
		_, bob := env.SignUp(t, "bob")
		qid := env.Ask(t, ada, "VPN drops every ten minutes", "vpn")
		q := itoa(qid)
		check := func(path, token string, want int) {
			t.Helper()
			res := env.API(t, "GET", path, token, nil)
			if res.Status != http.StatusOK {
				t.Fatalf("%s: %d %s", path, res.Status, res.Body)
			}
			l := res.Map(t)
			if n := len(l["items"].([]any)); n != want || l["total"].(float64) != float64(want) || l["page"].(float64) != 1 || l["page_size"].(float64) != 100 {
				t.Errorf("%s: %d items, total %v, page %v, page_size %v; want %d items of a page of 100", path, n, l["total"], l["page"], l["page_size"], want)
			}
		}
		check("/questions/"+q+"/answers", "", 0)
		check("/posts/"+q+"/comments", "", 0)
		check("/users/"+itoa(adaID)+"/badges", "", 0)
		check("/tags/vpn/smes", "", 0)
		env.Answer(t, bob, qid, answerBody)
		check("/questions/"+q+"/answers", "", 1)
		check("/posts/"+q+"/revisions", "", 1)
		check("/tokens", ada, 1)
		if res := env.API(t, "GET", "/badges", "", nil).Map(t); res["page_size"].(float64) != 100 || res["total"].(float64) != float64(len(res["items"].([]any))) {
			t.Errorf("/badges: total %v, page_size %v", res["total"], res["page_size"])
		}
		// A list longer than the largest page: all on one page, of its length.
		cs := make([]store.Comment, 120)
		for i := range cs {
			cs[i] = store.Comment{PostID: qid, OwnerID: &adaID, Body: "Still happening here.", BodyHTML: "Still happening here.", CreatedAt: time.Now()}
		}
		if err := env.App.Store.DB.Create(&cs).Error; err != nil {
			t.Fatal(err)
		}
		if l := env.API(t, "GET", "/posts/"+q+"/comments", "", nil).Map(t); len(l["items"].([]any)) != 120 || l["total"].(float64) != 120 || l["page_size"].(float64) != 120 {
			t.Errorf("120 comments: %d items, total %v, page_size %v", len(l["items"].([]any)), l["total"], l["page_size"])
		}
	})
}
