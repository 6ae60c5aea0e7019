package web_test

import (
	"net/http"
	"net/url"
	"strconv"
	"testing"

	"stackdesk/internal/testkit"
)

// TestStaleCloseFormSaysTheQuestionIsClosed: the close form sent again for
// a question closed meanwhile (from another tab) says it is already closed,
// whatever its fields hold: an address that is no question, or no reason,
// would otherwise bring back the page with the fields' message nowhere to
// show, as a closed question has no close form.
func TestStaleCloseFormSaysTheQuestionIsClosed(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		_, ada := env.SignUp(t, "ada")
		_, bob := env.SignUp(t, "bob")
		orig := env.Ask(t, ada, "Docking station does not detect the second monitor", "docking")
		env.Answer(t, bob, orig, "Update the dock's firmware with the vendor's tool, then unplug it for ten seconds.")
		q := env.Ask(t, ada, "Second screen on the docking station stays black", "docking")
		path := "/questions/" + strconv.FormatInt(q, 10)
		b := newBrowser(env)
		b.logIn(t, "ada")
		from := b.get(t, path) // the form, before the question is closed elsewhere
		contains(t, from, `action="`+path+`/close"`)
		if res := env.API(t, "POST", path+"/close", ada, map[string]any{"reason": "duplicate", "duplicate_of": orig}); res.Status != http.StatusOK {
			t.Fatalf("close: %d %s", res.Status, res.Body)
		}
		for _, form := range []url.Values{
			{"reason": {"duplicate"}, "duplicate_of": {"<script>alert(1)</script>"}},
			{"reason": {"duplicate"}, "duplicate_of": {"/q/" + strconv.FormatInt(orig, 10)}},
			{"reason": {"duplicate"}, "duplicate_of": {""}},
			{"reason": {"nonsense"}},
		} {
			res := b.post(t, path, path+"/close", form)
			if res.Status != http.StatusConflict {
				t.Errorf("%v: %d, want 409", form, res.Status)
			}
			contains(t, res, `<div class="alert" role="alert">This question is already closed.</div>`)
		}
	})
}
