package api_test

import (
	"net/http"
	"net/url"
	"testing"
	"time"

	"stackdesk/internal/config"
	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// ticketEvent is one entry of a ticket's history in GET /tickets/{id}.
type ticketEvent struct {
	ID        int64     `json:"id"`
	Kind      string    `json:"kind"`
	Note      string    `json:"note"`
	MessageID *int64    `json:"message_id"`
	CreatedAt time.Time `json:"created_at"`
}

// ticketHistory reads a ticket's history as tok; history must be a list.
func ticketHistory(t *testing.T, env *testkit.Env, tok, id string) []ticketEvent {
	t.Helper()
	res := env.API(t, "GET", "/tickets/"+id, tok, nil)
	if res.Status != http.StatusOK {
		t.Fatalf("read ticket %s: %d %s", id, res.Status, res.Body)
	}
	if _, ok := res.Map(t)["history"].([]any); !ok {
		t.Fatalf("ticket %s has no history list: %s", id, res.Body)
	}
	var tk struct {
		History []ticketEvent `json:"history"`
	}
	res.JSON(t, &tk)
	return tk.History
}

// TestReopenedPublishedTicketAPI: a ticket published with the hotline's
// answer, reopened by its employee and resolved again, answers its
// question with the new answer, accepted in place of the first (the
// search index finds it); the ticket's history (GET /tickets/{id}) holds
// the reopening, with the answer the ticket had and the employee's
// message, and then a withdrawal with its reason, for the employee and
// for the hotline and analysts, and is 404 to others.
func TestReopenedPublishedTicketAPI(t *testing.T) {
	dialects(t, func(t *testing.T, d store.Dialect) {
		// A served app, so its search index opens; the employee's messages
		// (reopenings) follow one another without a gap.
		env := testkit.Boot(t, d, func(c *config.Config) { c.Deflection.MessageGap = 0 })
		_, emp := env.SignUp(t, "emp")
		hotID, hot := env.SignUp(t, "hot")
		anaID, ana := env.SignUp(t, "ana")
		_, other := env.SignUp(t, "other")
		role(t, env, hotID, store.RoleHotline)
		role(t, env, anaID, store.RoleAnalyst)
		res := env.API(t, "POST", "/help-sessions", emp, map[string]any{"query": "camera black in teams"})
		if res.Status != http.StatusCreated {
			t.Fatalf("start: %d %s", res.Status, res.Body)
		}
		res = env.API(t, "POST", "/help-sessions/"+itoa(int64(res.Map(t)["id"].(float64)))+"/outcome", emp, map[string]any{"outcome": "ticket",
			"ticket": map[string]any{"subject": "Camera is black in Teams calls", "body": "Since the update the camera shows a black image in every call.", "consent_publish": true}})
		if res.Status != http.StatusOK {
			t.Fatalf("ticket: %d %s", res.Status, res.Body)
		}
		id := itoa(int64(res.Map(t)["ticket"].(map[string]any)["id"].(float64)))
		if h := ticketHistory(t, env, emp, id); len(h) != 0 {
			t.Fatalf("a new ticket's history: %+v", h)
		}

		first := "Close Teams, open Settings > Privacy > Camera and allow desktop apps to use the camera."
		var tk struct {
			PublishedQuestionID *int64 `json:"published_question_id"`
		}
		if res := env.API(t, "POST", "/tickets/"+id+"/resolution", hot, map[string]any{"answer": first}); res.Status != http.StatusOK {
			t.Fatalf("resolve: %d %s", res.Status, res.Body)
		} else if res.JSON(t, &tk); tk.PublishedQuestionID == nil {
			t.Fatalf("not published: %s", res.Body)
		}
		qid := *tk.PublishedQuestionID
		type question struct {
			AnswerCount      int    `json:"answer_count"`
			AcceptedAnswerID *int64 `json:"accepted_answer_id"`
		}
		var q1 question
		env.API(t, "GET", "/questions/"+itoa(qid), emp, nil).JSON(t, &q1)
		if q1.AcceptedAnswerID == nil {
			t.Fatalf("published without an accepted answer: %+v", q1)
		}

		// The index is open and holds the first answer: what follows
		// reaches it through the outbox.
		env.Searchable(t)
		if res := env.API(t, "POST", "/tickets/"+id+"/reopen", emp, map[string]any{"body": "The camera is black again after today's update."}); res.Status != http.StatusOK {
			t.Fatalf("reopen: %d %s", res.Status, res.Body)
		}
		again := "Remove the camera in Device Manager, restart, and let Windows reinstall its driver (quokkafix)."
		res = env.API(t, "POST", "/tickets/"+id+"/resolution", hot, map[string]any{"answer": again, "publish": true, "title": "Not used: published before"})
		if res.Status != http.StatusOK {
			t.Fatalf("resolve again: %d %s", res.Status, res.Body)
		}
		tk.PublishedQuestionID = nil
		if res.JSON(t, &tk); tk.PublishedQuestionID == nil || *tk.PublishedQuestionID != qid {
			t.Fatalf("resolved again: %s", res.Body)
		}
		var q2 question
		env.API(t, "GET", "/questions/"+itoa(qid), emp, nil).JSON(t, &q2)
		if q2.AnswerCount != 2 || q2.AcceptedAnswerID == nil || *q2.AcceptedAnswerID == *q1.AcceptedAnswerID {
			t.Fatalf("the question after the second resolution: %+v (first accepted %d)", q2, *q1.AcceptedAnswerID)
		}
		var a struct {
			Body       string `json:"body"`
			IsAccepted bool   `json:"is_accepted"`
		}
		env.API(t, "GET", "/answers/"+itoa(*q2.AcceptedAnswerID), emp, nil).JSON(t, &a)
		if !a.IsAccepted || len(a.Body) < len(again) || a.Body[:len(again)] != again {
			t.Fatalf("the accepted answer: %+v", a)
		}
		env.Searchable(t)
		var sr struct {
			Items []struct{ ID int64 } `json:"items"`
		}
		env.API(t, "GET", "/search?q="+url.QueryEscape("quokkafix"), "", nil).JSON(t, &sr)
		if len(sr.Items) != 1 || sr.Items[0].ID != qid {
			t.Fatalf("search for the new answer's word: %+v", sr)
		}

		// Reopened again and withdrawn: the history has it all, oldest first.
		if res := env.API(t, "POST", "/tickets/"+id+"/reopen", emp, map[string]any{"body": "Black again since this morning."}); res.Status != http.StatusOK {
			t.Fatalf("reopen: %d %s", res.Status, res.Body)
		}
		if res := env.API(t, "POST", "/tickets/"+id+"/withdraw", emp, map[string]any{"reason": "A new camera came."}); res.Status != http.StatusOK {
			t.Fatalf("withdraw: %d %s", res.Status, res.Body)
		}
		var msgs struct {
			Items []struct{ ID int64 } `json:"items"`
		}
		env.API(t, "GET", "/tickets/"+id+"/messages", emp, nil).JSON(t, &msgs)
		if len(msgs.Items) != 2 {
			t.Fatalf("messages: %+v", msgs)
		}
		want := []ticketEvent{
			{Kind: "reopened", Note: first, MessageID: &msgs.Items[0].ID},
			{Kind: "reopened", Note: again, MessageID: &msgs.Items[1].ID},
			{Kind: "withdrawn", Note: "A new camera came."},
		}
		for _, tok := range []string{emp, hot, ana} {
			h := ticketHistory(t, env, tok, id)
			if len(h) != len(want) {
				t.Fatalf("history: %+v", h)
			}
			for i, w := range want {
				g := h[i]
				if g.ID == 0 || g.Kind != w.Kind || g.Note != w.Note || g.CreatedAt.IsZero() || i > 0 && g.CreatedAt.Before(h[i-1].CreatedAt) ||
					(w.MessageID == nil) != (g.MessageID == nil) || w.MessageID != nil && *g.MessageID != *w.MessageID {
					t.Fatalf("history entry %d: %+v, want %+v", i, g, w)
				}
			}
		}
		if res := env.API(t, "GET", "/tickets/"+id, other, nil); res.Status != http.StatusNotFound {
			t.Fatalf("another's ticket: %d %s", res.Status, res.Body)
		}
	})
}
