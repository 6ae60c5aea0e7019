package api_test

import (
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"

	"stackdesk/internal/qa"
	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestCloseReasonsAreDiscoverable: the OpenAPI document lists the reasons a
// question is closed for (closing and close votes), exactly the ones the
// site takes, and a reason it does not take is refused with a message that
// names them, in English and German.
func TestCloseReasonsAreDiscoverable(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	var doc struct {
		Comps struct {
			Schemas map[string]struct {
				Properties map[string]struct {
					Enum []string `json:"enum"`
				} `json:"properties"`
			} `json:"schemas"`
		} `json:"components"`
	}
	env.API(t, "GET", "/openapi.json", "", nil).JSON(t, &doc)
	for _, name := range []string{"Close", "CloseVote"} {
		got := doc.Comps.Schemas[name].Properties["reason"].Enum
		if !slices.Equal(got, qa.CloseReasons) {
			t.Errorf("schema %s lists reasons %q, want %q", name, got, qa.CloseReasons)
		}
	}
	id, tok := env.SignUp(t, "mod")
	role(t, env, id, store.RoleModerator)
	_, asker := env.SignUp(t, "ada")
	q := env.Ask(t, asker, "Printer on the third floor prints blank pages", "printing")
	path := "/questions/" + strconv.FormatInt(q, 10) + "/close"
	for lang, want := range map[string]string{
		"en": "Choose why the question is closed: " + strings.Join(qa.CloseReasons, ", ") + ".",
		"de": "Wählen Sie, warum die Frage geschlossen wird: " + strings.Join(qa.CloseReasons, ", ") + ".",
	} {
		req, _ := http.NewRequest(http.MethodPost, env.URL+"/api/v1"+path, strings.NewReader(`{"reason": "off_topic"}`))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+tok)
		req.Header.Set("Accept-Language", lang)
		res, err := env.Client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var e struct {
			Error struct{ Fields map[string]string }
		}
		err = json.NewDecoder(res.Body).Decode(&e)
		res.Body.Close()
		if err != nil || res.StatusCode != http.StatusUnprocessableEntity || e.Error.Fields["reason"] != want {
			t.Errorf("%s: %d %+v (%v), want 422 with reason %q", lang, res.StatusCode, e, err, want)
		}
	}
}
