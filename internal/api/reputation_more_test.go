package api_test

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// voteOn sends a vote and returns the response.
func voteOn(t *testing.T, env *testkit.Env, token string, postID int64, value int) *testkit.Response {
	t.Helper()
	return env.API(t, "PUT", "/posts/"+itoa(postID)+"/vote", token, map[string]int{"value": value})
}

// grantRep gives a user reputation as if earned elsewhere, keeping the ledger true.
func grantRep(t *testing.T, env *testkit.Env, userID int64, delta int) {
	t.Helper()
	db := env.App.Store.DB
	if err := db.Create(&store.ReputationEvent{UserID: userID, Kind: "test", Delta: delta, CreatedAt: time.Now().UTC()}).Error; err != nil {
		t.Fatal(err)
	}
	if err := db.Exec("UPDATE users SET reputation = reputation + ? WHERE id = ?", delta, userID).Error; err != nil {
		t.Fatal(err)
	}
}

func TestVotingOnADeletedPostIs404(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		_, ada := env.SignUp(t, "ada")
		_, bob := env.SignUp(t, "bob")
		cyID, cy := env.SignUp(t, "cyd")
		grantRep(t, env, cyID, 99) // may vote down
		q := env.Ask(t, ada, "Outlook does not sync the shared calendar")
		a := env.Answer(t, bob, q, "Remove the shared calendar and add it again from the directory.")
		if res := voteOn(t, env, cy, a, 1); res.Status != http.StatusOK {
			t.Fatalf("vote before deletion: %d %s", res.Status, res.Body)
		}
		if res := env.API(t, "DELETE", "/answers/"+itoa(a), bob, nil); res.Status != http.StatusNoContent {
			t.Fatalf("delete answer: %d %s", res.Status, res.Body)
		}
		// A deleted question, and a live answer under it.
		q2 := env.Ask(t, ada, "Teams shows me as away all day long")
		a2 := env.Answer(t, bob, q2, "Turn off the battery saver; it pauses Teams in the background.")
		if res := env.API(t, "DELETE", "/questions/"+itoa(q2), ada, nil); res.Status != http.StatusNoContent {
			t.Fatalf("delete question: %d %s", res.Status, res.Body)
		}
		for _, p := range []struct {
			what string
			id   int64
		}{{"deleted answer", a}, {"deleted question", q2}, {"answer of a deleted question", a2}} {
			for _, v := range []int{1, -1, 0} {
				refused(t, fmt.Sprintf("vote %d on the %s", v, p.what), voteOn(t, env, cy, p.id, v), http.StatusNotFound, "not_found")
			}
		}
		// Nothing was recorded through the refused votes.
		var rows []store.Vote
		env.App.Store.DB.Where("post_id IN ?", []int64{a, q2, a2}).Find(&rows)
		if len(rows) != 1 || rows[0].PostID != a || rows[0].Value != 1 {
			t.Fatalf("vote rows after refused votes: %+v", rows)
		}
	})
}

func TestSelfVoteIs403WithTheRule(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		adaID, ada := env.SignUp(t, "ada")
		grantRep(t, env, adaID, 99) // a down vote is allowed by privilege, so only the rule refuses it
		q := env.Ask(t, ada, "Printer on floor two jams on every job")
		a := env.Answer(t, ada, q, "It was the paper tray: the guides were set to A5.")
		for _, id := range []int64{q, a} {
			for _, v := range []int{1, -1} {
				res := voteOn(t, env, ada, id, v)
				refused(t, fmt.Sprintf("self vote %d on %d", v, id), res, http.StatusForbidden, "forbidden")
				var body struct {
					Error struct {
						Message string `json:"message"`
					} `json:"error"`
				}
				res.JSON(t, &body)
				if body.Error.Message != "You cannot vote on your own post." {
					t.Fatalf("self vote message = %q", body.Error.Message)
				}
			}
		}
		var n int64
		env.App.Store.DB.Model(&store.Vote{}).Count(&n)
		if n != 0 {
			t.Fatalf("%d vote rows after refused self votes", n)
		}
	})
}

// myVote reads my_vote from a JSON object: 0 when absent.
func myVote(t *testing.T, what string, m map[string]any) int {
	t.Helper()
	v, ok := m["my_vote"]
	if !ok {
		return 0
	}
	f, ok := v.(float64)
	if !ok {
		t.Fatalf("%s: my_vote = %#v", what, v)
	}
	return int(f)
}

func TestMyVoteInQuestionAndAnswerJSON(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		_, ada := env.SignUp(t, "ada")
		_, bob := env.SignUp(t, "bob")
		cyID, cy := env.SignUp(t, "cyd")
		_, dee := env.SignUp(t, "dee")
		grantRep(t, env, cyID, 99) // may vote down
		q := env.Ask(t, ada, "Laptop does not wake up from sleep")
		a := env.Answer(t, bob, q, "Update the BIOS; version 1.14 fixes the wake-up problem.")

		// seen returns what the caller sees as my_vote on the question and the
		// answer, through every endpoint that shows them.
		seen := func(token string) (qv, av int) {
			t.Helper()
			get := func(path string) map[string]any {
				t.Helper()
				res := env.API(t, "GET", path, token, nil)
				if res.Status != http.StatusOK {
					t.Fatalf("GET %s: %d %s", path, res.Status, res.Body)
				}
				return res.Map(t)
			}
			qv = myVote(t, "question", get("/questions/"+itoa(q)))
			av = myVote(t, "answer", get("/answers/"+itoa(a)))
			var inList, answersList []int
			for _, it := range get("/questions")["items"].([]any) {
				if m := it.(map[string]any); m["id"].(float64) == float64(q) {
					inList = append(inList, myVote(t, "question list", m))
				}
			}
			for _, it := range get("/questions/" + itoa(q) + "/answers")["items"].([]any) {
				if m := it.(map[string]any); m["id"].(float64) == float64(a) {
					answersList = append(answersList, myVote(t, "answer list", m))
				}
			}
			if len(inList) != 1 || inList[0] != qv || len(answersList) != 1 || answersList[0] != av {
				t.Fatalf("lists disagree: question %d list %v, answer %d list %v", qv, inList, av, answersList)
			}
			return qv, av
		}
		for _, step := range []struct{ q, a int }{{1, -1}, {-1, 1}, {0, 0}} {
			for _, v := range []struct {
				id    int64
				value int
			}{{q, step.q}, {a, step.a}} {
				res := voteOn(t, env, cy, v.id, v.value)
				if res.Status != http.StatusOK || myVote(t, "vote", res.Map(t)) != v.value {
					t.Fatalf("vote %d on %d: %d %s", v.value, v.id, res.Status, res.Body)
				}
			}
			if qv, av := seen(cy); qv != step.q || av != step.a {
				t.Fatalf("after voting %+v cyd sees my_vote %d on the question, %d on the answer", step, qv, av)
			}
			// Another user and an anonymous visitor see no vote of theirs.
			for _, other := range []struct{ who, token string }{{"dee", dee}, {"anonymous", ""}} {
				if qv, av := seen(other.token); qv != 0 || av != 0 {
					t.Fatalf("after cyd voted %+v, %s sees my_vote %d and %d", step, other.who, qv, av)
				}
			}
		}
	})
}

// TestUsersByReputationGainedInAPeriod votes at known times through the API
// and reads the users list for each period:
//
//	dora  +50 500 days ago, +10 two days ago    all 61, week/month/quarter/year 10
//	abe   +40 200 days ago                      all 41, year 40
//	bea   +30  60 days ago                      all 31, quarter and year 30
//	cal   +20  10 days ago                      all 21, month, quarter and year 20
func TestUsersByReputationGainedInAPeriod(t *testing.T) {
	dialects(t, func(t *testing.T, d store.Dialect) {
		now := time.Date(2026, 9, 15, 12, 0, 0, 0, time.UTC)
		clk := testkit.NewClock(now.AddDate(0, 0, -500))
		env := testkit.BootStill(t, d, clk)
		tokens := map[string]string{}
		for _, name := range []string{"cal", "bea", "abe", "dora"} { // ids against the expected orders
			_, tokens[name] = env.SignUp(t, name)
		}
		var voters []string
		for i := range 5 {
			_, tok := env.SignUp(t, fmt.Sprintf("voter%d", i))
			voters = append(voters, tok)
		}
		ask := func(who, title string) int64 { return env.Ask(t, tokens[who], title) }
		doraOld, doraNew := ask("dora", "Docking station loses the network"), ask("dora", "Docking station charges too slowly")
		abeQ, beaQ, calQ := ask("abe", "Second screen flickers at 60 Hz"), ask("bea", "Keyboard layout switches by itself"), ask("cal", "Webcam image is upside down")
		votes := func(daysAgo int, q int64, n int) {
			t.Helper()
			clk.Set(now.AddDate(0, 0, -daysAgo))
			for _, tok := range voters[:n] {
				if res := voteOn(t, env, tok, q, 1); res.Status != http.StatusOK {
					t.Fatalf("vote: %d %s", res.Status, res.Body)
				}
			}
		}
		votes(500, doraOld, 5)
		votes(200, abeQ, 4)
		votes(60, beaQ, 3)
		votes(10, calQ, 2)
		votes(2, doraNew, 1)
		clk.Set(now)
		if res := env.API(t, "PATCH", "/me", tokens["bea"], map[string]string{"display_name": "Beatrix van Dorn"}); res.Status != http.StatusOK {
			t.Fatalf("display name: %d %s", res.Status, res.Body)
		}

		type row struct {
			name   string
			gained int
		}
		ranked := func(period string, n int) ([]row, int) {
			t.Helper()
			res := env.API(t, "GET", "/users?sort=reputation&period="+period, "", nil)
			if res.Status != http.StatusOK {
				t.Fatalf("period %s: %d %s", period, res.Status, res.Body)
			}
			var l struct {
				Items []struct {
					Username string `json:"username"`
					Gained   int    `json:"gained"`
				} `json:"items"`
				Total int `json:"total"`
			}
			res.JSON(t, &l)
			var out []row
			for i, it := range l.Items {
				if i < n {
					out = append(out, row{it.Username, it.Gained})
				}
			}
			return out, l.Total
		}
		for _, c := range []struct {
			period string
			want   []row
			total  int
		}{
			{"week", []row{{"dora", 10}}, 1},
			{"month", []row{{"cal", 20}, {"dora", 10}}, 2},
			{"quarter", []row{{"bea", 30}, {"cal", 20}, {"dora", 10}}, 3},
			{"year", []row{{"abe", 40}, {"bea", 30}, {"cal", 20}, {"dora", 10}}, 4},
			{"all", []row{{"dora", 61}, {"abe", 41}, {"bea", 31}, {"cal", 21}, {"voter0", 1}}, 9},
			// A username prefix filters within the period.
			{"month&filter=D", []row{{"dora", 10}}, 1},
			{"quarter&filter=voter", nil, 0},
			{"all&filter=voter", []row{{"voter0", 1}, {"voter1", 1}}, 5},
			// The start of a display name or of one of its words finds its
			// user too: "dor" finds dora and Beatrix van Dorn; "ix" no one.
			{"all&filter=Dor", []row{{"dora", 61}, {"bea", 31}}, 2},
			{"all&filter=beatrix%20van", []row{{"bea", 31}}, 1},
			{"all&filter=ix", nil, 0},
		} {
			got, total := ranked(c.period, len(c.want))
			if fmt.Sprint(got) != fmt.Sprint(c.want) || total != c.total {
				t.Errorf("period %s: %v (total %d), want %v (total %d)", c.period, got, total, c.want, c.total)
			}
		}
	})
}
