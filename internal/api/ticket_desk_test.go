package api_test

import (
	"net/http"
	"strings"
	"testing"

	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestTicketNotesAPI: the hotline and administrators add internal notes to
// a ticket and list them; the employee who filed it is refused (403), as
// are an analyst and any other employee; a missing ticket is 404; bad input
// is a precise 422. The employee's view of the ticket and of its
// conversation never holds a note.
func TestTicketNotesAPI(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		_, emp := env.SignUp(t, "emp")
		hotID, hot := env.SignUp(t, "hot")
		adminID, admin := env.SignUp(t, "boss")
		anaID, ana := env.SignUp(t, "ana")
		_, other := env.SignUp(t, "other")
		role(t, env, hotID, store.RoleHotline)
		role(t, env, adminID, store.RoleAdmin)
		role(t, env, anaID, store.RoleAnalyst)
		id := fileTicket(t, env, emp, "Dock gives no picture", "Both screens stay black since Monday.")
		path := "/tickets/" + id + "/notes"
		const secret = "Known issue with WD19 firmware 1.0.7"

		res := env.API(t, "POST", path, hot, map[string]any{"body": "  " + secret + "  "})
		var n struct {
			ID       int64  `json:"id"`
			AuthorID int64  `json:"author_id"`
			Body     string `json:"body"`
		}
		res.JSON(t, &n)
		if res.Status != http.StatusCreated || n.AuthorID != hotID || n.Body != secret {
			t.Fatalf("the hotline's note: %d %s", res.Status, res.Body)
		}
		if res := env.API(t, "POST", path, admin, map[string]any{"body": "Escalate to desk-side if it recurs."}); res.Status != http.StatusCreated {
			t.Fatalf("the admin's note: %d %s", res.Status, res.Body)
		}
		if res := env.API(t, "POST", "/tickets/"+id+"/messages", hot, map[string]any{"body": "Which dock model is it?", "waiting": true}); res.Status != http.StatusCreated {
			t.Fatalf("the hotline's message: %d %s", res.Status, res.Body)
		}
		var got struct {
			Items []struct {
				Body     string `json:"body"`
				AuthorID int64  `json:"author_id"`
			} `json:"items"`
			Total int `json:"total"`
		}
		env.API(t, "GET", path, admin, nil).JSON(t, &got)
		if got.Total != 2 || got.Items[0].Body != secret || got.Items[1].AuthorID != adminID {
			t.Fatalf("the notes: %+v", got)
		}

		for _, c := range []struct {
			tok    string
			body   map[string]any
			status int
			code   string
			field  string
		}{
			{hot, map[string]any{"body": "  "}, 422, "invalid", "body"},
			{hot, map[string]any{"body": strings.Repeat("x", 20001)}, 422, "invalid", "body"},
			{hot, map[string]any{"text": "wrong field"}, 422, "invalid", "text"},
			{emp, map[string]any{"body": "Can I add one?"}, 403, "forbidden", ""},
			{ana, map[string]any{"body": "Counting."}, 403, "forbidden", ""},
			{other, map[string]any{"body": "Mine too!"}, 403, "forbidden", ""},
			{"", map[string]any{"body": "Hi"}, 401, "unauthorized", ""},
		} {
			res := env.API(t, "POST", path, c.tok, c.body)
			code, _, fields := apiError(t, res)
			if res.Status != c.status || code != c.code || (c.field != "" && fields[c.field] == nil) {
				t.Errorf("%v: %d %s", c.body, res.Status, res.Body)
			}
		}
		for tok, status := range map[string]int{emp: 403, ana: 403, other: 403, "": 401} {
			if res := env.API(t, "GET", path, tok, nil); res.Status != status || res.Map(t)["error"] == nil {
				t.Errorf("reading the notes: %d %s, want %d", res.Status, res.Body, status)
			}
		}
		if l := env.API(t, "GET", path, hot, nil).Map(t); l["total"] != float64(2) {
			t.Errorf("a refused note was written: %v", l)
		}
		if res := env.API(t, "GET", "/tickets/99999/notes", hot, nil); res.Status != http.StatusNotFound {
			t.Errorf("a missing ticket's notes: %d", res.Status)
		}

		// The employee's views: the ticket, its conversation, their list.
		for _, p := range []string{"/tickets/" + id, "/tickets/" + id + "/messages", "/tickets"} {
			res := env.API(t, "GET", p, emp, nil)
			if res.Status != http.StatusOK || strings.Contains(string(res.Body), "WD19 firmware") || strings.Contains(string(res.Body), "desk-side") {
				t.Errorf("the employee's %s: %d %s", p, res.Status, res.Body)
			}
		}
	})
}

// TestTicketPriorityAPI: the hotline sets a ticket's priority with POST
// /tickets/{id}/priority, which the ticket shows to staff; the list sorts
// the most urgent first and filters by it. An unknown priority is 400,
// any employee (the ticket's own too) 403, a missing ticket 404. The employee's views show no priority.
func TestTicketPriorityAPI(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		_, emp := env.SignUp(t, "emp")
		hotID, hot := env.SignUp(t, "hot")
		_, other := env.SignUp(t, "other")
		role(t, env, hotID, store.RoleHotline)
		first := fileTicket(t, env, emp, "Dock gives no picture", "Both screens stay black since Monday.")
		res := env.API(t, "POST", "/help-sessions", emp, map[string]any{"query": "vpn drops every hour"})
		res = env.API(t, "POST", "/help-sessions/"+itoa(int64(res.Map(t)["id"].(float64)))+"/outcome", emp, map[string]any{"outcome": "ticket",
			"ticket": map[string]any{"subject": "VPN drops every hour", "body": "It reconnects after a minute."}})
		if res.Status != http.StatusOK || strings.Contains(string(res.Body), `"priority"`) {
			t.Fatalf("the employee's new ticket shows a priority: %d %s", res.Status, res.Body)
		}
		second := itoa(int64(res.Map(t)["ticket"].(map[string]any)["id"].(float64)))

		if p := env.API(t, "GET", "/tickets/"+first, hot, nil).Map(t)["priority"]; p != "normal" {
			t.Fatalf("a new ticket's priority: %v", p)
		}
		res = env.API(t, "POST", "/tickets/"+second+"/priority", hot, map[string]any{"priority": "urgent"})
		if res.Status != http.StatusOK || res.Map(t)["priority"] != "urgent" {
			t.Fatalf("set urgent: %d %s", res.Status, res.Body)
		}
		for _, c := range []struct {
			tok, id string
			body    map[string]any
			status  int
			code    string
		}{
			{hot, first, map[string]any{"priority": "critical"}, 400, "bad_request"},
			{hot, first, map[string]any{"priority": ""}, 400, "bad_request"},
			{hot, first, map[string]any{"priority": 3}, 422, "invalid"},
			{emp, first, map[string]any{"priority": "urgent"}, 403, "forbidden"},
			{other, first, map[string]any{"priority": "urgent"}, 403, "forbidden"},
			{emp, "99999", map[string]any{"priority": "urgent"}, 403, "forbidden"},
			{hot, "99999", map[string]any{"priority": "high"}, 404, "not_found"},
			{"", first, map[string]any{"priority": "high"}, 401, "unauthorized"},
		} {
			res := env.API(t, "POST", "/tickets/"+c.id+"/priority", c.tok, c.body)
			code, _, fields := apiError(t, res)
			if res.Status != c.status || code != c.code || (c.status == 400 && fields["priority"] == nil) {
				t.Errorf("%s %v: %d %s", c.id, c.body, res.Status, res.Body)
			}
		}
		if p := env.API(t, "GET", "/tickets/"+first, hot, nil).Map(t)["priority"]; p != "normal" {
			t.Fatalf("a refused priority changed the ticket: %v", p)
		}

		if got := ticketIDs(t, env.API(t, "GET", "/tickets?order=priority", hot, nil)); strings.Join(got, ",") != second+","+first {
			t.Errorf("by priority: %v", got)
		}
		if got := ticketIDs(t, env.API(t, "GET", "/tickets?order=oldest", hot, nil)); strings.Join(got, ",") != first+","+second {
			t.Errorf("oldest first: %v", got)
		}
		if got := ticketIDs(t, env.API(t, "GET", "/tickets?priority=normal", hot, nil)); strings.Join(got, ",") != first {
			t.Errorf("the normal ones: %v", got)
		}
		res = env.API(t, "GET", "/tickets?priority=critical", hot, nil)
		if code, _, fields := apiError(t, res); res.Status != http.StatusBadRequest || code != "bad_request" || fields["priority"] == nil {
			t.Errorf("priority=critical: %d %s", res.Status, res.Body)
		}

		// The employee: no priority on their ticket nor in their list, which it does not narrow.
		if own := env.API(t, "GET", "/tickets/"+second, emp, nil).Map(t); own["priority"] != nil {
			t.Errorf("the employee sees the priority: %v", own["priority"])
		}
		res = env.API(t, "GET", "/tickets?priority=normal&order=priority", emp, nil)
		if got := ticketIDs(t, res); strings.Join(got, ",") != second+","+first || strings.Contains(string(res.Body), `"priority"`) {
			t.Errorf("the employee's list: %v %s", got, res.Body)
		}
	})
}

// TestTicketHandOverAPI: POST /tickets/{id}/handover gives a ticket to a
// colleague, who then holds it and finds it in their inbox; a colleague
// who works no tickets is refused on field to, a word too long or with a
// control character on field note (a line break is fine); the holder's colleague may not hand it over, nor may the
// employee; a missing ticket is 404.
func TestTicketHandOverAPI(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		empID, emp := env.SignUp(t, "emp")
		hotID, hot := env.SignUp(t, "hot")
		mateID, mate := env.SignUp(t, "mate")
		role(t, env, hotID, store.RoleHotline)
		role(t, env, mateID, store.RoleHotline)
		id := fileTicket(t, env, emp, "Dock gives no picture", "Both screens stay black since Monday.")
		if res := env.API(t, "POST", "/tickets/"+id+"/assignment", hot, nil); res.Status != http.StatusOK {
			t.Fatalf("take: %d %s", res.Status, res.Body)
		}
		for _, c := range []struct {
			tok, id string
			body    map[string]any
			status  int
			field   string
		}{
			{hot, id, map[string]any{"to": empID}, 422, "to"},
			{hot, id, map[string]any{}, 422, "to"},
			{hot, id, map[string]any{"to": mateID, "note": strings.Repeat("x", 501)}, 422, "note"},
			{hot, id, map[string]any{"to": mateID, "note": "Knows the\u0007 docks."}, 422, "note"},
			{mate, id, map[string]any{"to": mateID}, 403, ""},
			{emp, id, map[string]any{"to": mateID}, 403, ""},
			{hot, "99999", map[string]any{"to": mateID}, 404, ""},
		} {
			res := env.API(t, "POST", "/tickets/"+c.id+"/handover", c.tok, c.body)
			_, _, fields := apiError(t, res)
			if res.Status != c.status || (c.field != "" && fields[c.field] == nil) {
				t.Errorf("%s %v: %d %s", c.id, c.body, res.Status, res.Body)
			}
		}
		res := env.API(t, "POST", "/tickets/"+id+"/handover", hot, map[string]any{"to": mateID, "note": "Knows the WD19 docks.\r\nCall before 10."})
		if res.Status != http.StatusOK || res.Map(t)["assigned_to"] != float64(mateID) {
			t.Fatalf("hand over: %d %s", res.Status, res.Body)
		}
		if types := inboxTypes(t, env, mate); !strings.Contains(types, "ticket_handed_over") {
			t.Fatalf("mate's inbox: %s", types)
		}
		// An administrator's hand-over of mate's ticket is in the audit log, which filters by it.
		adminID, admin := env.SignUp(t, "boss")
		role(t, env, adminID, store.RoleAdmin)
		if res := env.API(t, "POST", "/tickets/"+id+"/handover", admin, map[string]any{"to": hotID}); res.Status != http.StatusOK {
			t.Fatalf("the admin hands over: %d %s", res.Status, res.Body)
		}
		if res := env.API(t, "GET", "/audit?action=ticket.handover", admin, nil); res.Status != http.StatusOK || res.Map(t)["total"] != float64(1) {
			t.Fatalf("the audit log of hand-overs: %d %s", res.Status, res.Body)
		}
		// The administrator takes it over from hot: a hand-over to themselves, from hot.
		if res := env.API(t, "POST", "/tickets/"+id+"/handover", admin, map[string]any{"to": adminID}); res.Status != http.StatusOK {
			t.Fatalf("the admin takes over: %d %s", res.Status, res.Body)
		}
		res = env.API(t, "GET", "/audit?action=ticket.handover", admin, nil)
		if res.Status != http.StatusOK || !strings.Contains(string(res.Body), `"detail":"ticket #`+id+` to @hot"`) ||
			!strings.Contains(string(res.Body), `"detail":"ticket #`+id+` to @boss"`) {
			t.Fatalf("the audit log names no recipient: %d %s", res.Status, res.Body)
		}
		// The history: the hand-over for the hotline, with who gave it to whom; nothing of it for the employee.
		h := env.API(t, "GET", "/tickets/"+id, hot, nil).Map(t)["history"].([]any)
		if len(h) != 3 || h[0].(map[string]any)["kind"] != "handed_over" || h[0].(map[string]any)["from_id"] != float64(hotID) ||
			h[0].(map[string]any)["to_id"] != float64(mateID) || h[0].(map[string]any)["note"] != "Knows the WD19 docks.\nCall before 10." {
			t.Fatalf("the hotline's history: %v", h)
		}
		// held_by_id: who held it before; from_id and to_id keep meaning the giver and the colleague.
		for i, want := range [][3]int64{{hotID, mateID, hotID}, {adminID, hotID, mateID}, {adminID, adminID, hotID}} {
			e := h[i].(map[string]any)
			if e["from_id"] != float64(want[0]) || e["to_id"] != float64(want[1]) || e["held_by_id"] != float64(want[2]) {
				t.Errorf("hand-over %d: %v, want from %d to %d held by %d", i, e, want[0], want[1], want[2])
			}
		}
		if h := env.API(t, "GET", "/tickets/"+id, emp, nil).Map(t)["history"].([]any); len(h) != 0 {
			t.Fatalf("the employee's history: %v", h)
		}
	})
}
