package api_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"stackdesk/internal/config"
	"stackdesk/internal/qa"
	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// newMembers throttles members below 10 reputation: 2 questions in 24
// hours, a minute between answers, 30 seconds between comments.
func newMembers(c *config.Config) {
	c.NewMembers = config.NewMembers{Below: 10, Questions: 2, QuestionWindow: 24 * time.Hour,
		AnswerGap: time.Minute, CommentGap: 30 * time.Second}
}

// throttled fails unless res is a 429 rate_limited in JSON whose message
// says what, with a Retry-After of wantWait in seconds.
func throttled(t *testing.T, what string, res *testkit.Response, says string, wantWait int) {
	t.Helper()
	refused(t, what, res, http.StatusTooManyRequests, "rate_limited")
	if got := res.Header.Get("Retry-After"); got != strconv.Itoa(wantWait) {
		t.Fatalf("%s: Retry-After %q, want %d", what, got, wantWait)
	}
	if !strings.Contains(string(res.Body), says) {
		t.Fatalf("%s: %s, want it to say %q", what, res.Body, says)
	}
}

// TestNewMembersAreThrottled: a member below the reputation threshold asks
// at most so many questions in the rolling window, leaves a gap between
// answers and between comments (429, JSON error, Retry-After: when the
// next is let through); counted from the database, whichever process
// wrote them, deleted posts too; a repeat of the last post gives it back;
// established members and staff (a write token's owner too) write freely.
func TestNewMembersAreThrottled(t *testing.T) {
	dialects(t, func(t *testing.T, d store.Dialect) {
		start := time.Date(2026, 10, 5, 9, 0, 0, 0, time.UTC)
		clk := testkit.NewClock(start)
		env := testkit.BootStill(t, d, clk, newMembers)
		newID, newbie := env.SignUp(t, "newbie")
		oldID, old := env.SignUp(t, "oldtimer")
		staffUser(t, env, "hot", store.RoleHotline)
		hot := scopedToken(t, env, "hot", store.ScopeWrite).Token
		db := env.App.Store.DB
		if err := db.Exec("UPDATE users SET reputation = 10 WHERE id = ?", oldID).Error; err != nil {
			t.Fatal(err)
		}
		ask := func(tok, title string) *testkit.Response {
			return env.API(t, "POST", "/questions", tok, map[string]any{"title": title,
				"body": "Since this morning this does not work at all. Details follow.", "tags": []string{"general"}})
		}

		// Questions: the first one by another process (a service of its own on the database).
		other := &qa.Service{Store: env.App.Store, Now: clk.Now}
		u := &store.User{ID: newID, Role: store.RoleUser, Reputation: 1}
		first, err := other.Ask(context.Background(), u, qa.QuestionInput{Title: "Printer prints blank pages",
			Body: "Since this morning every page comes out blank.", Tags: []string{"printer"}})
		if err != nil {
			t.Fatal(err)
		}
		clk.Advance(time.Hour)
		if res := ask(newbie, "Scanner sends no e-mail anymore"); res.Status != http.StatusCreated {
			t.Fatalf("second question: %d %s", res.Status, res.Body)
		}
		// Deleting one gives nothing back.
		if res := env.API(t, "DELETE", "/questions/"+itoa(first.ID), newbie, nil); res.Status != http.StatusNoContent {
			t.Fatalf("delete: %d %s", res.Status, res.Body)
		}
		clk.Advance(time.Hour)
		throttled(t, "third question", ask(newbie, "Monitor stays black after docking"),
			"at most 2 questions in 24 hours", int((22 * time.Hour).Seconds()))
		for _, tok := range []string{old, hot} {
			if res := ask(tok, "Monitor stays black after docking "+tok[:4]); res.Status != http.StatusCreated {
				t.Fatalf("an established member's or staff member's question: %d %s", res.Status, res.Body)
			}
		}
		// The window rolls: 24 hours after the first, one more.
		clk.Advance(22 * time.Hour)
		if res := ask(newbie, "Monitor stays black after docking"); res.Status != http.StatusCreated {
			t.Fatalf("question after the window: %d %s", res.Status, res.Body)
		}
		var q struct{ ID int64 }
		ask(old, "Laptop fan is loud all day long").JSON(t, &q)

		// Answers: a minute apart; the same answer sent again is given back.
		answer := func(tok, body string) *testkit.Response {
			return env.API(t, "POST", "/questions/"+itoa(q.ID)+"/answers", tok, map[string]any{"body": body})
		}
		body := "Clean the vents and update the BIOS, that fixed it for me."
		if res := answer(newbie, body); res.Status != http.StatusCreated {
			t.Fatalf("first answer: %d %s", res.Status, res.Body)
		}
		clk.Advance(20 * time.Second)
		if res := answer(newbie, body); res.Status != http.StatusCreated && res.Status != http.StatusOK {
			t.Fatalf("the same answer again: %d %s", res.Status, res.Body)
		}
		throttled(t, "second answer", answer(newbie, "Or lower the power plan to balanced in the settings."),
			"leave 1 minute between their answers", 40)
		for _, b := range []string{"Or lower the power plan to balanced in the settings.", "Check the fan curve in the vendor's tool as well."} {
			if res := answer(hot, b); res.Status != http.StatusCreated { // a hotline agent's write token, with 1 reputation
				t.Fatalf("staff answer: %d %s", res.Status, res.Body)
			}
		}
		clk.Advance(40 * time.Second)
		if res := answer(newbie, "Or lower the power plan to balanced in the settings."); res.Status != http.StatusCreated {
			t.Fatalf("answer after the gap: %d %s", res.Status, res.Body)
		}

		// Comments: 30 seconds apart.
		comment := func(tok, body string) *testkit.Response {
			return env.API(t, "POST", "/posts/"+itoa(q.ID)+"/comments", tok, map[string]any{"body": body})
		}
		if res := comment(newbie, "Which model is it exactly?"); res.Status != http.StatusCreated {
			t.Fatalf("first comment: %d %s", res.Status, res.Body)
		}
		clk.Advance(10 * time.Second)
		throttled(t, "second comment", comment(newbie, "And which BIOS version?"), "leave 30 seconds between their comments", 20)
		for _, b := range []string{"And which BIOS version?", "Is the docking station involved?"} { // 10 reputation: established
			if res := comment(old, b); res.Status != http.StatusCreated {
				t.Fatalf("an established member's comment: %d %s", res.Status, res.Body)
			}
		}
		clk.Advance(20 * time.Second)
		if res := comment(newbie, "And which BIOS version?"); res.Status != http.StatusCreated {
			t.Fatalf("comment after the gap: %d %s", res.Status, res.Body)
		}

		// In German, the refusal says so in German.
		req, _ := http.NewRequest("POST", env.URL+"/api/v1/posts/"+itoa(q.ID)+"/comments", strings.NewReader(`{"body":"Haben Sie schon neu gestartet?"}`))
		req.Header.Set("Authorization", "Bearer "+newbie)
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Accept-Language", "de")
		resp, err := env.Client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var e struct{ Error struct{ Message string } }
		if err := json.NewDecoder(resp.Body).Decode(&e); err != nil || resp.StatusCode != http.StatusTooManyRequests ||
			!strings.Contains(e.Error.Message, "zwischen ihren Kommentaren 30 Sekunden") {
			t.Fatalf("German refusal: %d %q %v", resp.StatusCode, e.Error.Message, err)
		}
	})
}

// TestPublishedTicketsAreNotNewMembersQuestions: questions the hotline
// publishes from a new member's tickets (with their consent) are not ones
// they asked, and leave their question limit whole.
func TestPublishedTicketsAreNotNewMembersQuestions(t *testing.T) {
	dialects(t, func(t *testing.T, d store.Dialect) {
		clk := testkit.NewClock(time.Date(2026, 10, 5, 9, 0, 0, 0, time.UTC))
		env := testkit.BootStill(t, d, clk, newMembers)
		_, eve := env.SignUp(t, "eve")
		staffUser(t, env, "hot", store.RoleHotline)
		hot := scopedToken(t, env, "hot", store.ScopeStaff).Token
		for i, subject := range []string{"Docking station gives no picture", "VPN drops every ten minutes"} {
			res := env.API(t, "POST", "/help-sessions", eve, map[string]any{"query": subject})
			if res.Status != http.StatusCreated {
				t.Fatalf("start: %d %s", res.Status, res.Body)
			}
			path := "/help-sessions/" + itoa(int64(res.Map(t)["id"].(float64)))
			res = env.API(t, "POST", path+"/outcome", eve, map[string]any{"outcome": "ticket", "ticket": map[string]any{
				"subject": subject, "body": "Since this morning it does not work at all, whatever I try.", "email": "eve@example.com", "consent_publish": true}})
			if res.Status != http.StatusOK {
				t.Fatalf("ticket %d: %d %s", i, res.Status, res.Body)
			}
			id := itoa(int64(res.Map(t)["ticket"].(map[string]any)["id"].(float64)))
			res = env.API(t, "POST", "/tickets/"+id+"/resolution", hot, map[string]any{"publish": true,
				"answer": "Unplug the station for ten seconds and update its firmware from the vendor's page."})
			if res.Status != http.StatusOK || res.Map(t)["published_question_id"] == nil {
				t.Fatalf("publish %d: %d %s", i, res.Status, res.Body)
			}
			clk.Advance(time.Minute)
		}
		ask := func(title string) *testkit.Response {
			return env.API(t, "POST", "/questions", eve, map[string]any{"title": title,
				"body": "Since this morning this does not work at all. Details follow.", "tags": []string{"general"}})
		}
		for _, title := range []string{"Printer prints blank pages", "Scanner sends no e-mail anymore"} {
			if res := ask(title); res.Status != http.StatusCreated {
				t.Fatalf("own question %q after two published tickets: %d %s", title, res.Status, res.Body)
			}
		}
		throttled(t, "third own question", ask("Monitor stays black after docking"),
			"at most 2 questions in 24 hours", int((24 * time.Hour).Seconds()))
	})
}
