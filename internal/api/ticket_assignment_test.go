package api_test

import (
	"net/http"
	"strings"
	"sync"
	"testing"

	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// fileTicket files a ticket for the employee through a help session and
// returns its id.
func fileTicket(t *testing.T, env *testkit.Env, tok, subject, body string) string {
	t.Helper()
	res := env.API(t, "POST", "/help-sessions", tok, map[string]any{"query": "docking station gives no picture"})
	if res.Status != http.StatusCreated {
		t.Fatalf("start: %d %s", res.Status, res.Body)
	}
	path := "/help-sessions/" + itoa(int64(res.Map(t)["id"].(float64)))
	res = env.API(t, "POST", path+"/outcome", tok, map[string]any{"outcome": "ticket", "ticket": map[string]any{
		"subject": subject, "body": body, "email": "emp@example.com"}})
	if res.Status != http.StatusOK {
		t.Fatalf("ticket: %d %s", res.Status, res.Body)
	}
	return itoa(int64(res.Map(t)["ticket"].(map[string]any)["id"].(float64)))
}

func apiError(t *testing.T, res *testkit.Response) (code, message string, fields map[string]any) {
	t.Helper()
	e, _ := res.Map(t)["error"].(map[string]any)
	if e == nil {
		t.Fatalf("no JSON error (%d): %s", res.Status, res.Body)
	}
	fields, _ = e["fields"].(map[string]any)
	code, _ = e["code"].(string)
	message, _ = e["message"].(string)
	return code, message, fields
}

func ticketIDs(t *testing.T, res *testkit.Response) []string {
	t.Helper()
	if res.Status != http.StatusOK {
		t.Fatalf("list: %d %s", res.Status, res.Body)
	}
	out := []string{}
	for _, it := range res.Map(t)["items"].([]any) {
		out = append(out, itoa(int64(it.(map[string]any)["id"].(float64))))
	}
	return out
}

// TestTicketAssignmentAPI: agents take (POST) and release (DELETE)
// /tickets/{id}/assignment; a ticket another holds is 409 with the
// holder's name, releasing another's is 403 (admins may), and the list
// filters by assigned=me|none and searches with q; bad input is a JSON 4xx.
func TestTicketAssignmentAPI(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		_, emp := env.SignUp(t, "emp")
		hot1ID, hot1 := env.SignUp(t, "hot1")
		hot2ID, hot2 := env.SignUp(t, "hot2")
		admID, adm := env.SignUp(t, "adm")
		anaID, ana := env.SignUp(t, "ana")
		role(t, env, hot1ID, store.RoleHotline)
		role(t, env, hot2ID, store.RoleHotline)
		role(t, env, admID, store.RoleAdmin)
		role(t, env, anaID, store.RoleAnalyst)
		a := fileTicket(t, env, emp, "Dock gives no picture", "Both screens stay black since Monday.")
		b := fileTicket(t, env, emp, "VPN drops every few minutes", "The client says TIMEOUT and reconnects.")
		c := fileTicket(t, env, emp, "Printer prints blank pages", "The DOCK in room 2 works, the printer does not.")

		res := env.API(t, "POST", "/tickets/"+a+"/assignment", hot1, nil)
		if res.Status != http.StatusOK || res.Map(t)["assigned_to"] != float64(hot1ID) || res.Map(t)["assigned_at"] == nil {
			t.Fatalf("hot1 takes: %d %s", res.Status, res.Body)
		}
		res = env.API(t, "POST", "/tickets/"+a+"/assignment", hot2, nil)
		if code, msg, _ := apiError(t, res); res.Status != http.StatusConflict || code != "conflict" || !strings.Contains(msg, "hot1 holds this ticket") {
			t.Fatalf("hot2 takes hot1's ticket: %d %s", res.Status, res.Body)
		}
		res = env.API(t, "DELETE", "/tickets/"+a+"/assignment", hot2, nil)
		if code, _, _ := apiError(t, res); res.Status != http.StatusForbidden || code != "forbidden" {
			t.Fatalf("hot2 releases hot1's ticket: %d %s", res.Status, res.Body)
		}
		for _, who := range []string{emp, ana} {
			if res := env.API(t, "POST", "/tickets/"+b+"/assignment", who, nil); res.Status != http.StatusForbidden {
				t.Fatalf("a non-agent takes: %d %s", res.Status, res.Body)
			}
		}
		if res := env.API(t, "POST", "/tickets/"+b+"/assignment", "", nil); res.Status != http.StatusUnauthorized {
			t.Fatalf("anonymous takes: %d %s", res.Status, res.Body)
		}
		if res := env.API(t, "POST", "/tickets/99999/assignment", hot1, nil); res.Status != http.StatusNotFound {
			t.Fatalf("take a missing ticket: %d %s", res.Status, res.Body)
		}
		if res := env.API(t, "DELETE", "/tickets/x/assignment", hot1, nil); res.Status/100 != 4 {
			t.Fatalf("release ticket x: %d %s", res.Status, res.Body)
		}
		// The employee sees their ticket, not who holds it; the analyst does.
		if res := env.API(t, "GET", "/tickets/"+a, emp, nil); res.Status != http.StatusOK || res.Map(t)["assigned_to"] != nil {
			t.Fatalf("the employee reads who holds the ticket: %s", res.Body)
		}
		if res := env.API(t, "GET", "/tickets/"+a, ana, nil); res.Map(t)["assigned_to"] != float64(hot1ID) {
			t.Fatalf("the analyst does not read who holds the ticket: %s", res.Body)
		}

		// Two agents at once: exactly one holds the ticket.
		var wg sync.WaitGroup
		statuses := make([]int, 2)
		for i, tok := range []string{hot1, hot2} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				statuses[i] = env.API(t, "POST", "/tickets/"+b+"/assignment", tok, nil).Status
			}()
		}
		wg.Wait()
		if statuses[0]+statuses[1] != http.StatusOK+http.StatusConflict {
			t.Fatalf("two agents take at once: %v, want one 200 and one 409", statuses)
		}
		if statuses[1] == http.StatusOK { // hot2 won: hot1 holds a only
			env.API(t, "DELETE", "/tickets/"+b+"/assignment", adm, nil)
			env.API(t, "POST", "/tickets/"+b+"/assignment", hot1, nil)
		}

		list := func(tok, query string) []string {
			return ticketIDs(t, env.API(t, "GET", "/tickets?order=oldest&"+query, tok, nil))
		}
		if got := strings.Join(list(hot1, "assigned=me"), ","); got != a+","+b {
			t.Errorf("hot1's: %s, want %s,%s", got, a, b)
		}
		if got := strings.Join(list(hot2, "assigned=none"), ","); got != c {
			t.Errorf("unassigned: %s, want %s", got, c)
		}
		if got := strings.Join(list(hot2, "q=dock"), ","); got != a+","+c {
			t.Errorf("q=dock: %s, want %s,%s (subject or text, any case)", got, a, c)
		}
		if got := strings.Join(list(hot1, "q=timeout&assigned=me&status=open"), ","); got != b {
			t.Errorf("q with the other filters: %s, want %s", got, b)
		}
		for query, field := range map[string]string{"assigned=them": "assigned", "q=" + strings.Repeat("x", 201): "q", "q=a%01b": "q"} {
			res := env.API(t, "GET", "/tickets?"+query, hot1, nil)
			if code, _, fields := apiError(t, res); res.Status != http.StatusUnprocessableEntity || code != "invalid" || fields[field] == nil {
				t.Errorf("GET /tickets?%.30s: %d %s", query, res.Status, res.Body)
			}
		}

		// Admins release anyone's; releasing one's own or nobody's is fine.
		res = env.API(t, "DELETE", "/tickets/"+a+"/assignment", adm, nil)
		if res.Status != http.StatusOK || res.Map(t)["assigned_to"] != nil || res.Map(t)["assigned_at"] != nil {
			t.Fatalf("admin releases: %d %s", res.Status, res.Body)
		}
		if res := env.API(t, "DELETE", "/tickets/"+a+"/assignment", hot2, nil); res.Status != http.StatusOK {
			t.Fatalf("release a ticket nobody holds: %d %s", res.Status, res.Body)
		}
		if res := env.API(t, "POST", "/tickets/"+a+"/assignment", hot2, nil); res.Status != http.StatusOK {
			t.Fatalf("hot2 takes the released ticket: %d %s", res.Status, res.Body)
		}
		// Any agent resolves; the ticket is held no more, and cannot be taken.
		res = env.API(t, "POST", "/tickets/"+a+"/resolution", hot1, map[string]any{"answer": "Update the dock's firmware with the vendor tool and restart."})
		if res.Status != http.StatusOK || res.Map(t)["assigned_to"] != nil {
			t.Fatalf("hot1 resolves hot2's ticket: %d %s", res.Status, res.Body)
		}
		if res := env.API(t, "POST", "/tickets/"+a+"/assignment", hot2, nil); res.Status != http.StatusConflict {
			t.Fatalf("take a resolved ticket: %d %s", res.Status, res.Body)
		}
		// A second resolution is a conflict, whatever its answer.
		for _, answer := range []string{"Restart it.", "Restart the dock, then update its firmware with the vendor tool."} {
			res := env.API(t, "POST", "/tickets/"+a+"/resolution", hot2, map[string]any{"answer": answer})
			if res.Status != http.StatusConflict || res.ErrorCode() != "conflict" {
				t.Fatalf("second resolution with %q: %d %s", answer, res.Status, res.Body)
			}
		}
	})
}
