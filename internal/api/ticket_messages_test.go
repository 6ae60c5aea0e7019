package api_test

import (
	"net/http"
	"strings"
	"testing"

	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestTicketMessagesAPI: the hotline writes on a ticket and sets it waiting
// (the list filters it); the employee reads the conversation and answers,
// which opens the ticket again; others are refused (not found, or
// forbidden to an analyst), bad input is a precise 422, a resolved ticket
// (resolved from waiting) takes no more messages.
func TestTicketMessagesAPI(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		_, emp := env.SignUp(t, "emp")
		hotID, hot := env.SignUp(t, "hot")
		anaID, ana := env.SignUp(t, "ana")
		_, other := env.SignUp(t, "other")
		role(t, env, hotID, store.RoleHotline)
		role(t, env, anaID, store.RoleAnalyst)
		id := fileTicket(t, env, emp, "Dock gives no picture", "Both screens stay black since Monday.")
		path := "/tickets/" + id + "/messages"

		for _, c := range []struct {
			tok    string
			body   map[string]any
			status int
			code   string
			field  string
		}{
			{hot, map[string]any{"body": "  "}, 422, "invalid", "body"},
			{hot, map[string]any{"body": strings.Repeat("x", 20001)}, 422, "invalid", "body"},
			{emp, map[string]any{"body": "It is a Dell WD19.", "waiting": true}, 422, "invalid", "waiting"},
			{other, map[string]any{"body": "Mine too!"}, 404, "not_found", ""},
			{ana, map[string]any{"body": "Counting."}, 403, "forbidden", ""},
			{"", map[string]any{"body": "Hi"}, 401, "unauthorized", ""},
		} {
			res := env.API(t, "POST", path, c.tok, c.body)
			code, _, fields := apiError(t, res)
			if res.Status != c.status || code != c.code || (c.field != "" && fields[c.field] == nil) {
				t.Errorf("%v: %d %s", c.body, res.Status, res.Body)
			}
		}

		res := env.API(t, "POST", path, hot, map[string]any{"body": "Which dock model is it?", "waiting": true})
		var m struct {
			ID           int64  `json:"id"`
			Staff        bool   `json:"staff"`
			Body         string `json:"body"`
			AuthorID     int64  `json:"author_id"`
			TicketStatus string `json:"ticket_status"`
		}
		res.JSON(t, &m)
		if res.Status != http.StatusCreated || !m.Staff || m.AuthorID != hotID || m.TicketStatus != "waiting" {
			t.Fatalf("the hotline's message: %d %s", res.Status, res.Body)
		}
		if st := env.API(t, "GET", "/tickets/"+id, emp, nil).Map(t)["status"]; st != "waiting" {
			t.Fatalf("the ticket is %v", st)
		}
		list := env.API(t, "GET", "/tickets?status=waiting", hot, nil).Map(t)
		if list["total"].(float64) != 1 {
			t.Fatalf("waiting list %v", list)
		}
		if res := env.API(t, "GET", "/tickets?status=sideways", hot, nil); res.Status != http.StatusUnprocessableEntity {
			t.Fatalf("an unknown status: %d", res.Status)
		}

		res = env.API(t, "POST", path, emp, map[string]any{"body": "A Dell WD19, serial 7Q2X."})
		res.JSON(t, &m)
		if res.Status != http.StatusCreated || m.Staff || m.TicketStatus != "open" {
			t.Fatalf("the employee's answer: %d %s", res.Status, res.Body)
		}
		var got struct {
			Items []struct {
				Body  string `json:"body"`
				Staff bool   `json:"staff"`
			} `json:"items"`
			Total int `json:"total"`
		}
		env.API(t, "GET", path, emp, nil).JSON(t, &got)
		if got.Total != 2 || got.Items[0].Body != "Which dock model is it?" || !got.Items[0].Staff || got.Items[1].Staff {
			t.Fatalf("the conversation: %+v", got)
		}
		for tok, status := range map[string]int{other: 404, ana: 403} {
			if res := env.API(t, "GET", path, tok, nil); res.Status != status {
				t.Errorf("reading it: %d, want %d", res.Status, status)
			}
		}

		env.API(t, "POST", path, hot, map[string]any{"body": "Thanks, one moment.", "waiting": true})
		if res := env.API(t, "POST", "/tickets/"+id+"/resolution", hot, map[string]any{"answer": "Update the dock's firmware with the vendor tool and restart."}); res.Status != http.StatusOK {
			t.Fatalf("resolving a waiting ticket: %d %s", res.Status, res.Body)
		}
		if res := env.API(t, "POST", path, emp, map[string]any{"body": "Thanks!"}); res.Status != http.StatusConflict {
			t.Fatalf("a message on a resolved ticket: %d %s", res.Status, res.Body)
		}
	})
}
