package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"unicode/utf8"

	"stackdesk/internal/config"
	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
	"stackdesk/internal/text"
)

// TestBadInputCorporaInFlagNotes: every payload of the bad-input corpora as
// a flag's note is stored intact or refused with a JSON 4xx, and the
// moderators' queue shows the stored ones harmlessly.
func TestBadInputCorporaInFlagNotes(t *testing.T) {
	payloads := corpus(t)
	dialects(t, func(t *testing.T, d store.Dialect) {
		env := testkit.Boot(t, d, func(c *config.Config) { c.FlagsPerDay = 100000 })
		_, ada := env.SignUp(t, "ada")
		_, bob := env.SignUp(t, "bob")
		mod := moderator(t, env)
		qid := env.Ask(t, ada, "A question to flag with bad input", "badinput")
		q := itoa(qid)
		stored, refused, declined := 0, 0, 0
		for i, p := range payloads {
			if d == store.Postgres && i%4 != 0 && utf8.ValidString(p) && !text.HasControl(p, false) {
				continue
			}
			note := fmt.Sprintf("Flag note payload %d: %s", i, p)
			res := env.API(t, "POST", "/posts/"+q+"/flags", bob, map[string]string{"reason": "other", "note": note})
			switch {
			case res.Status == http.StatusCreated:
				stored++
				want := strings.TrimSpace(asSent(t, note)) // white space around a note is not kept
				if got := res.Map(t)["note"]; got != want {
					t.Fatalf("payload %d: note %q came back as %q", i, want, got)
				}
				if stored%10 == 1 { // the queue as the API and a browser read it
					var queue struct {
						Items []struct {
							Flags []struct{ Note string } `json:"flags"`
						} `json:"items"`
					}
					env.API(t, "GET", "/flags", mod, nil).JSON(t, &queue)
					if len(queue.Items) != 1 || len(queue.Items[0].Flags) != 1 || queue.Items[0].Flags[0].Note != want {
						t.Fatalf("payload %d: queue holds %+v", i, queue)
					}
					page := env.Request(t, "GET", "/admin/flags", mod, "", nil)
					if page.Status != http.StatusOK {
						t.Fatalf("payload %d: queue page %d", i, page.Status)
					}
					safeHTML(t, fmt.Sprintf("queue with payload %d", i), page.Body, true)
				}
				// The payload as the moderator's note on dismissing: kept
				// intact and told to the flagger harmlessly, or refused
				// with a JSON 4xx (and dismissed without it).
				res := env.API(t, "POST", "/flags/resolve", mod, map[string]any{"post_id": qid, "outcome": "declined", "note": p})
				switch {
				case res.Status == 200:
					declined++
					if declined%10 == 1 {
						var in struct {
							Items []struct{ Note string } `json:"items"`
						}
						env.API(t, "GET", "/notifications", bob, nil).JSON(t, &in)
						if want := strings.TrimSpace(asSent(t, p)); len(in.Items) == 0 || in.Items[0].Note != want {
							t.Fatalf("payload %d: dismissal note %q told as %+v", i, want, in.Items)
						}
						inbox := env.Request(t, "GET", "/inbox", bob, "", nil)
						if inbox.Status != http.StatusOK {
							t.Fatalf("payload %d: inbox %d", i, inbox.Status)
						}
						safeHTML(t, fmt.Sprintf("inbox with dismissal note %d", i), inbox.Body, true)
					}
				case res.Status >= 400 && res.Status < 500 && res.ErrorCode() != "" && strings.HasPrefix(res.Header.Get("Content-Type"), "application/json"):
					if res := env.API(t, "POST", "/flags/resolve", mod, map[string]any{"post_id": qid, "outcome": "declined"}); res.Status != 200 {
						t.Fatalf("decline: %d %s", res.Status, res.Body)
					}
				default:
					t.Fatalf("payload %d as a dismissal note: %d %.300s", i, res.Status, res.Body)
				}
			case res.Status >= 400 && res.Status < 500 && res.ErrorCode() != "" && strings.HasPrefix(res.Header.Get("Content-Type"), "application/json"):
				refused++
			default:
				t.Fatalf("payload %d %q: %d %.300s", i, p, res.Status, res.Body)
			}
		}
		t.Logf("flag notes: %d stored intact, %d refused; %d dismissal notes stored", stored, refused, declined)
		if declined == 0 {
			t.Fatal("no dismissal note was stored")
		}
		if stored < refused {
			t.Fatalf("only %d of %d notes stored: too much is refused", stored, stored+refused)
		}
	})
}
