package api_test

import (
	"context"
	"net/http"
	"strconv"
	"sync"
	"testing"

	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

func TestVotesAcceptAndReputationAPI(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		adaID, ada := env.SignUp(t, "ada")
		bobID, bob := env.SignUp(t, "bob")
		_, cy := env.SignUp(t, "carl")
		q := env.Ask(t, ada, "Teams camera shows a black picture")
		a := env.Answer(t, bob, q, "Close every other app that uses the camera, then restart Teams.")

		res := env.API(t, "PUT", "/posts/"+itoa(a)+"/vote", cy, map[string]int{"value": 1})
		if res.Status != 200 {
			t.Fatalf("vote: %d %s", res.Status, res.Body)
		}
		if m := res.Map(t); m["score"].(float64) != 1 || m["my_vote"].(float64) != 1 {
			t.Fatalf("vote result = %v", m)
		}
		// Double click.
		if m := env.API(t, "PUT", "/posts/"+itoa(a)+"/vote", cy, map[string]int{"value": 1}).Map(t); m["score"].(float64) != 1 {
			t.Fatalf("double vote = %v", m)
		}
		ans := env.API(t, "GET", "/answers/"+itoa(a), cy, nil).Map(t)
		if ans["my_vote"].(float64) != 1 || ans["is_accepted"] != false {
			t.Fatalf("answer as cy = %v", ans)
		}
		// Bad input.
		cases := []struct {
			method, path, token string
			body                any
			status              int
		}{
			{"PUT", "/posts/" + itoa(a) + "/vote", cy, map[string]int{"value": 2}, 422},
			{"PUT", "/posts/" + itoa(a) + "/vote", cy, map[string]string{"value": "up"}, 422},
			{"PUT", "/posts/" + itoa(a) + "/vote", cy, map[string]any{}, 422},
			{"PUT", "/posts/" + itoa(a) + "/vote", bob, map[string]int{"value": 1}, 403},
			{"PUT", "/posts/" + itoa(a) + "/vote", cy, map[string]int{"value": -1}, 403},
			{"PUT", "/posts/999999/vote", cy, map[string]int{"value": 1}, 404},
			{"PUT", "/posts/" + itoa(a) + "/vote", "", map[string]int{"value": 1}, 401},
			{"POST", "/answers/" + itoa(a) + "/accept", bob, nil, 403},
			{"POST", "/answers/" + itoa(q) + "/accept", ada, nil, 404},
			{"POST", "/answers/999999/accept", ada, nil, 404},
			{"GET", "/users?period=decade", "", nil, 422},
			{"GET", "/users/999999/reputation", "", nil, 404},
		}
		for _, c := range cases {
			if res := env.API(t, c.method, c.path, c.token, c.body); res.Status != c.status {
				t.Errorf("%s %s: %d %s, want %d", c.method, c.path, res.Status, res.Body, c.status)
			}
		}
		// Accept, then read reputation and badges.
		res = env.API(t, "POST", "/answers/"+itoa(a)+"/accept", ada, nil)
		if res.Status != 200 || res.Map(t)["is_accepted"] != true {
			t.Fatalf("accept: %d %s", res.Status, res.Body)
		}
		qj := env.API(t, "GET", "/questions/"+itoa(q), "", nil).Map(t)
		if qj["accepted_answer_id"].(float64) != float64(a) || qj["is_accepted"] != true {
			t.Fatalf("question after accept = %v", qj)
		}
		rep := env.API(t, "GET", "/users/"+itoa(bobID)+"/reputation", "", nil).Map(t)
		if rep["reputation"].(float64) != 26 || rep["total"].(float64) != 2 {
			t.Fatalf("bob's reputation = %v", rep)
		}
		badges := env.API(t, "GET", "/users/"+itoa(adaID)+"/badges", "", nil).Map(t)
		if badges["total"].(float64) < 1 {
			t.Fatalf("ada's badges = %v", badges)
		}
		all := env.API(t, "GET", "/badges", "", nil).Map(t)
		if len(all["items"].([]any)) < 15 {
			t.Fatalf("badges = %v", all)
		}
		leaders := env.API(t, "GET", "/users?sort=reputation&period=week", "", nil).Map(t)
		first := leaders["items"].([]any)[0].(map[string]any)
		if first["username"] != "bob" || first["gained"].(float64) != 25 {
			t.Fatalf("weekly leaders = %v", leaders)
		}
		// Unaccept reverses.
		if res := env.API(t, "DELETE", "/answers/"+itoa(a)+"/accept", ada, nil); res.Status != 200 || res.Map(t)["is_accepted"] != false {
			t.Fatalf("unaccept: %d %s", res.Status, res.Body)
		}
		if r := env.API(t, "GET", "/users/"+itoa(bobID), "", nil).Map(t); r["reputation"].(float64) != 11 {
			t.Fatalf("bob after unaccept = %v", r)
		}
	})
}

// TestConcurrentVotesAreExact has 100 users vote on one post at the same
// moment through the HTTP server on PostgreSQL, each twice (a double click).
func TestConcurrentVotesAreExact(t *testing.T) {
	env := testkit.Boot(t, store.Postgres)
	ownerID, owner := env.SignUp(t, "owner")
	q := env.Ask(t, owner, "Which docking station works with the new laptops?")
	const n = 100
	tokens := make([]string, n)
	for i := range tokens {
		tok, _, err := env.App.Auth.CreateToken(context.Background(), createUser(t, env, "voter"+strconv.Itoa(i)), "t", store.ScopeWrite)
		if err != nil {
			t.Fatal(err)
		}
		tokens[i] = tok
	}
	start := make(chan struct{})
	var wg sync.WaitGroup
	errs := make(chan string, 2*n)
	for i := 0; i < n; i++ {
		for click := 0; click < 2; click++ {
			wg.Add(1)
			go func(tok string) {
				defer wg.Done()
				<-start
				res := env.API(t, "PUT", "/posts/"+itoa(q)+"/vote", tok, map[string]int{"value": 1})
				if res.Status != http.StatusOK {
					errs <- string(res.Body)
				}
			}(tokens[i])
		}
	}
	close(start)
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Errorf("vote failed: %s", e)
	}
	var score int
	env.App.Store.DB.Raw("SELECT score FROM posts WHERE id = ?", q).Scan(&score)
	var votes int64
	env.App.Store.DB.Model(&store.Vote{}).Where("post_id = ?", q).Count(&votes)
	if score != n || votes != n {
		t.Fatalf("score %d, vote rows %d, want %d each", score, votes, n)
	}
	var rep, ledger int
	env.App.Store.DB.Raw("SELECT reputation FROM users WHERE id = ?", ownerID).Scan(&rep)
	env.App.Store.DB.Raw("SELECT 1 + COALESCE(SUM(delta), 0) FROM reputation_events WHERE user_id = ?", ownerID).Scan(&ledger)
	if rep != ledger || rep != 201 {
		t.Fatalf("owner reputation %d, ledger %d, want 201 (the daily cap)", rep, ledger)
	}
}

func createUser(t *testing.T, env *testkit.Env, name string) int64 {
	t.Helper()
	u := struct{ ID int64 }{}
	res := env.API(t, "POST", "/users", "", map[string]string{"username": name, "email": name + "@example.com", "password": "correct horse battery"})
	if res.Status != http.StatusCreated {
		t.Fatalf("create %s: %d %s", name, res.Status, res.Body)
	}
	res.JSON(t, &u)
	return u.ID
}
