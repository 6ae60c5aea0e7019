package api_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"stackdesk/internal/testkit"
)

// TestSearchByDigitsUsername: a new username of digits only is refused on
// its field (user:1234 would read as an id), while an account named so
// before keeps its name and is found by user:NAME: a username someone has
// wins over the id the same digits could be, and digits no username has
// (or too few for one, user:1) are still the id.
func TestSearchByDigitsUsername(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		res := env.API(t, "POST", "/users", "", map[string]string{"username": "5678", "email": "n5678@example.com", "password": "violet tractor sunrise"})
		wantFields(t, "a username of digits only", res, "username")
		if !strings.Contains(string(res.Body), "Use at least one letter") {
			t.Errorf("sign-up 5678 says: %s", res.Body)
		}

		adaID, ada := env.SignUp(t, "ada")
		numID, num := env.SignUp(t, "numbers")
		zeroID, zero := env.SignUp(t, "zeros")
		// Named before usernames needed a letter.
		for id, name := range map[int64]string{numID: "1234", zeroID: "00" + itoa(adaID)} {
			if err := env.App.Store.DB.Exec("UPDATE users SET username = ? WHERE id = ?", name, id).Error; err != nil {
				t.Fatal(err)
			}
		}
		env.Ask(t, ada, "Printer prints blank pages since Monday", "printer")
		env.Ask(t, num, "Printer asks for a PIN at the door", "printer")
		env.Ask(t, zero, "Printer jams on the second floor", "printer")
		env.Searchable(t)
		for q, want := range map[string]int64{
			"printer user:1234":              numID,  // the username, though it could be an id
			"printer user:00" + itoa(adaID):  zeroID, // the username "001", not id 1
			"printer user:000" + itoa(adaID): adaID,  // no such username: the id
			"printer user:" + itoa(adaID):    adaID,  // too short for a username: the id
			"printer user:" + itoa(numID):    numID,
		} {
			got := env.API(t, "GET", "/search?q="+url.QueryEscape(q), "", nil)
			if got.Status != http.StatusOK {
				t.Fatalf("%q: %d %s", q, got.Status, got.Body)
			}
			m := got.Map(t)
			if m["total"] != float64(1) || m["parsed"].(map[string]any)["user_id"] != float64(want) {
				t.Errorf("%q: total %v, parsed %v; want user %d", q, m["total"], m["parsed"], want)
			}
		}
	})
}
