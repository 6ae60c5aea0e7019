package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"stackdesk/internal/api"
	"stackdesk/internal/auth"
	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// scopedToken creates a token through POST /tokens; scope "" leaves it out.
func scopedToken(t *testing.T, env *testkit.Env, username, scope string) api.TokenJSON {
	t.Helper()
	body := map[string]string{"username": username, "password": "correct horse battery", "name": "t " + scope}
	if scope != "" {
		body["scope"] = scope
	}
	res := env.API(t, "POST", "/tokens", "", body)
	if res.Status != http.StatusCreated {
		t.Fatalf("token for %s (%q): %d %s", username, scope, res.Status, res.Body)
	}
	var tok api.TokenJSON
	res.JSON(t, &tok)
	return tok
}

// staffUser creates an account with a role.
func staffUser(t *testing.T, env *testkit.Env, name, role string) int64 {
	t.Helper()
	u, err := env.App.Auth.CreateUser(context.Background(), auth.SignUp{Username: name, Email: name + "@example.com",
		Password: "correct horse battery"}, role)
	if err != nil {
		t.Fatal(err)
	}
	return u.ID
}

// outOfScope fails unless res is the 403 of a token's scope, in JSON,
// naming the scope the request needs.
func outOfScope(t *testing.T, what string, res *testkit.Response, needs string) {
	t.Helper()
	refused(t, what, res, http.StatusForbidden, "forbidden")
	var e struct{ Error struct{ Message string } }
	res.JSON(t, &e)
	if !strings.Contains(e.Error.Message, "a token with the "+needs+" scope") {
		t.Fatalf("%s: the message does not name the %s scope: %q", what, needs, e.Error.Message)
	}
}

// dbSnapshot is every row of every table, as text, sorted: equal snapshots
// mean nothing changed.
func dbSnapshot(t *testing.T, env *testkit.Env) string {
	t.Helper()
	db := env.App.Store.DB
	tables, err := db.Migrator().GetTables()
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(tables)
	var out []string
	for _, tbl := range tables {
		rows, err := db.Raw("SELECT * FROM " + tbl).Rows()
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		var lines []string
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			for i, v := range vals {
				if b, ok := v.([]byte); ok {
					vals[i] = string(b)
				}
			}
			lines = append(lines, tbl+fmt.Sprint(vals...))
		}
		rows.Close()
		slices.Sort(lines)
		out = append(out, lines...)
	}
	return strings.Join(out, "\n")
}

// TestReadTokenOnlyReads: a read token reads (GET, HEAD) what its owner
// sees, and every route that takes another method, API or page, refuses it
// 403 before anything runs, naming the write scope; the database is the
// same after as before, row for row.
func TestReadTokenOnlyReads(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		adaID, ada := env.SignUp(t, "ada")
		qid := env.Ask(t, ada, "VPN drops every ten minutes")
		read := scopedToken(t, env, "ada", store.ScopeRead)
		if read.Scope != store.ScopeRead {
			t.Fatalf("the new token says scope %q", read.Scope)
		}
		for _, path := range []string{"/me", "/questions/" + itoa(qid), "/tokens"} {
			if res := env.API(t, "GET", path, read.Token, nil); res.Status != http.StatusOK {
				t.Fatalf("read token: GET %s = %d %s", path, res.Status, res.Body)
			}
		}
		if res := env.API(t, "HEAD", "/me", read.Token, nil); res.Status != http.StatusOK {
			t.Fatalf("read token: HEAD /me = %d", res.Status)
		}
		before := dbSnapshot(t, env)
		tried := 0
		for _, r := range env.App.Web.Echo.Routes() {
			if r.Method == http.MethodGet || r.Method == http.MethodHead || r.Method == "echo_route_not_found" ||
				strings.HasPrefix(r.Path, "/static") || r.Method == http.MethodOptions {
				continue
			}
			path := strings.NewReplacer(":id", itoa(qid), ":user_id", itoa(adaID), ":name", "general", "*", "x").Replace(r.Path)
			what := "read token: " + r.Method + " " + path
			if !strings.HasPrefix(path, api.Prefix+"/") {
				res := env.Request(t, r.Method, path, read.Token, "application/x-www-form-urlencoded", strings.NewReader("a=1"))
				if res.Status != http.StatusForbidden || !strings.Contains(string(res.Body), "a token with the write scope") {
					t.Fatalf("%s (page): %d %.300s", what, res.Status, res.Body)
				}
			} else {
				outOfScope(t, what, env.API(t, r.Method, strings.TrimPrefix(path, api.Prefix), read.Token, map[string]any{}), store.ScopeWrite)
			}
			tried++
		}
		if tried < 40 {
			t.Fatalf("only %d routes that write", tried)
		}
		if after := dbSnapshot(t, env); after != before {
			t.Fatal("a read token's refused writes changed the database")
		}
		// Its owner's other (write) token writes.
		if res := env.API(t, "DELETE", "/tokens/"+itoa(read.ID), ada, nil); res.Status != http.StatusNoContent {
			t.Fatalf("write token revokes the read token: %d %s", res.Status, res.Body)
		}
	})
}

// TestWriteTokenActsAsAMember: a write token writes all its owner may as a
// member; a staff member's write token has no staff powers (each refusal
// names the staff scope, and nothing changes), while a refusal that holds
// for staff too, or for the owner's role, stays that refusal; a staff
// token has them all. GET /tokens
// lists each token's scope.
func TestWriteTokenActsAsAMember(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		bobID, bob := env.SignUp(t, "bob")
		staffUser(t, env, "mod", store.RoleModerator)
		staffUser(t, env, "root", store.RoleAdmin)
		qid := env.Ask(t, bob, "Printer offline after update") // a member's token made without a scope
		modWrite, modStaff := scopedToken(t, env, "mod", store.ScopeWrite), scopedToken(t, env, "mod", store.ScopeStaff)
		rootWrite, rootStaff := scopedToken(t, env, "root", store.ScopeWrite), scopedToken(t, env, "root", store.ScopeStaff)

		var list api.ListJSON[api.TokenJSON]
		res := env.API(t, "GET", "/tokens", modWrite.Token, nil)
		res.JSON(t, &list)
		var scopes []string
		for _, tok := range list.Items {
			scopes = append(scopes, tok.Scope)
		}
		if !slices.Equal(scopes, []string{"staff", "write"}) {
			t.Fatalf("GET /tokens scopes %v, want newest first [staff write]: %s", scopes, res.Body)
		}

		// A moderator's write token writes as a member does ...
		res = env.API(t, "POST", "/questions/"+itoa(qid)+"/answers", modWrite.Token, map[string]string{"body": "Reinstall the driver from the vendor's site."})
		if res.Status != http.StatusCreated {
			t.Fatalf("moderator's write token answers: %d %s", res.Status, res.Body)
		}
		var answer struct{ ID int64 }
		res.JSON(t, &answer)
		// ... but closes no one's question, nor reads the audit log or gives roles.
		env.API(t, "GET", "/me", rootWrite.Token, nil) // its first use is noted
		before := dbSnapshot(t, env)
		outOfScope(t, "moderator's write token closes", env.API(t, "POST", "/questions/"+itoa(qid)+"/close", modWrite.Token,
			map[string]string{"reason": "off-topic"}), store.ScopeStaff)
		outOfScope(t, "admin's write token reads the audit log", env.API(t, "GET", "/audit", rootWrite.Token, nil), store.ScopeStaff)
		outOfScope(t, "admin's write token makes bob a moderator", env.API(t, "PUT", "/users/"+itoa(bobID)+"/role", rootWrite.Token,
			map[string]string{"role": "moderator"}), store.ScopeStaff)
		if after := dbSnapshot(t, env); after != before {
			t.Fatal("a write token's refused staff powers changed the database")
		}
		// A refusal that holds for staff too, or for the owner's role, is
		// not the scope's: an analyst reads no audit log with any token.
		staffUser(t, env, "ana", store.RoleAnalyst)
		for _, scope := range []string{store.ScopeWrite, store.ScopeStaff} {
			refusal := env.API(t, "GET", "/audit", scopedToken(t, env, "ana", scope).Token, nil)
			refused(t, "an analyst's "+scope+" token reads the audit log", refusal, http.StatusForbidden, "forbidden")
			if !strings.Contains(string(refusal.Body), "Only administrators may do this.") {
				t.Fatalf("an analyst's %s token on the audit log: %s", scope, refusal.Body)
			}
		}
		refusal := env.API(t, "PUT", "/posts/"+itoa(answer.ID)+"/vote", modWrite.Token, map[string]int{"value": 1})
		refused(t, "the moderator votes on their own answer", refusal, http.StatusForbidden, "forbidden")
		if strings.Contains(string(refusal.Body), "scope") {
			t.Fatalf("an own-post vote, refused to staff too, speaks of scopes: %s", refusal.Body)
		}
		// The staff tokens have the powers.
		if res := env.API(t, "POST", "/questions/"+itoa(qid)+"/close", modStaff.Token, map[string]string{"reason": "off-topic"}); res.Status != http.StatusOK {
			t.Fatalf("moderator's staff token closes: %d %s", res.Status, res.Body)
		}
		if res := env.API(t, "GET", "/audit", rootStaff.Token, nil); res.Status != http.StatusOK {
			t.Fatalf("admin's staff token reads the audit log: %d %s", res.Status, res.Body)
		}
		var me api.UserJSON
		env.API(t, "GET", "/me", rootWrite.Token, nil).JSON(t, &me)
		if me.Role != store.RoleUser {
			t.Fatalf("an admin's write token acts as %q, want user", me.Role)
		}
	})
}

// TestTokenScopeChoice: POST /tokens refuses a scope that is none of read,
// write or staff, and the staff scope for a member, 422 on the field, in
// the reader's language; left out, a token does what tokens did before
// scopes (write for a member, staff for a moderator); a German reader's
// refusal of a write is in German and names the scope too.
func TestTokenScopeChoice(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		env.SignUp(t, "ada")
		staffUser(t, env, "mod", store.RoleModerator)
		var count int64
		for _, c := range []struct{ user, scope, msg string }{
			{"ada", "admin", "Unknown scope: use read, write or staff."},
			{"ada", "READ", "Unknown scope: use read, write or staff."},
			{"mod", "read write", "Unknown scope: use read, write or staff."},
			{"ada", "staff", "Only staff (moderators, analysts, hotline agents and administrators) may create a token with the staff scope."},
		} {
			env.App.Store.DB.Model(&store.APIToken{}).Count(&count)
			res := env.API(t, "POST", "/tokens", "", map[string]string{"username": c.user, "password": "correct horse battery", "scope": c.scope})
			refused(t, c.user+" asks for scope "+c.scope, res, http.StatusUnprocessableEntity, "invalid")
			var e struct {
				Error struct{ Fields map[string]string }
			}
			res.JSON(t, &e)
			if e.Error.Fields["scope"] != c.msg {
				t.Fatalf("%s asks for scope %q: fields %v", c.user, c.scope, e.Error.Fields)
			}
			var now int64
			env.App.Store.DB.Model(&store.APIToken{}).Count(&now)
			if now != count {
				t.Fatalf("a refused scope made a token")
			}
		}
		if tok := scopedToken(t, env, "ada", ""); tok.Scope != store.ScopeWrite {
			t.Fatalf("a member's token without a scope: %q", tok.Scope)
		}
		modDefault := scopedToken(t, env, "mod", "")
		if modDefault.Scope != store.ScopeStaff {
			t.Fatalf("a moderator's token without a scope: %q", modDefault.Scope)
		}
		qid := env.Ask(t, scopedToken(t, env, "ada", "").Token, "Outlook asks for the password again")
		if res := env.API(t, "POST", "/questions/"+itoa(qid)+"/close", modDefault.Token, map[string]string{"reason": "off-topic"}); res.Status != http.StatusOK {
			t.Fatalf("a moderator's token made without a scope closes: %d %s", res.Status, res.Body)
		}

		read := scopedToken(t, env, "ada", store.ScopeRead)
		req, _ := http.NewRequest("DELETE", env.URL+"/api/v1/tokens/"+itoa(read.ID), nil)
		req.Header.Set("Authorization", "Bearer "+read.Token)
		req.Header.Set("Accept-Language", "de")
		got, err := env.Client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer got.Body.Close()
		var e struct{ Error struct{ Message string } }
		if err := json.NewDecoder(got.Body).Decode(&e); err != nil || got.StatusCode != http.StatusForbidden ||
			e.Error.Message != "Dieses API-Token hat den Bereich „read“ und sendet nur GET und HEAD: Eine DELETE-Anfrage braucht ein Token mit dem Bereich „write“." {
			t.Fatalf("German refusal: %d %q %v", got.StatusCode, e.Error.Message, err)
		}
	})
}

// TestOpenAPIDescribesTokenScopes: the OpenAPI document names the scopes a
// token request and a token take, and says what the bearer token's scope
// bounds; a write route lists the 403 a read token meets.
func TestOpenAPIDescribesTokenScopes(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	var doc struct {
		Paths map[string]map[string]struct {
			Responses map[string]any `json:"responses"`
		} `json:"paths"`
		Components struct {
			Schemas map[string]struct {
				Properties map[string]struct {
					Enum []string `json:"enum"`
				} `json:"properties"`
			} `json:"schemas"`
			SecuritySchemes map[string]struct {
				Description string `json:"description"`
			} `json:"securitySchemes"`
		} `json:"components"`
	}
	env.API(t, "GET", "/openapi.json", "", nil).JSON(t, &doc)
	for _, schema := range []string{"TokenRequest", "Token"} {
		if got := doc.Components.Schemas[schema].Properties["scope"].Enum; !slices.Equal(got, auth.TokenScopes) {
			t.Errorf("%s.scope enum %v, want %v", schema, got, auth.TokenScopes)
		}
	}
	if d := doc.Components.SecuritySchemes["bearer"].Description; !strings.Contains(d, "read sends GET and HEAD only") {
		t.Errorf("bearer description %q", d)
	}
	if _, ok := doc.Paths["/questions"]["post"].Responses["403"]; !ok {
		t.Error("POST /questions does not list 403")
	}
}
