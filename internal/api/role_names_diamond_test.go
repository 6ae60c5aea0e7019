package api_test

import (
	"net/http"
	"testing"

	"stackdesk/internal/testkit"
)

// TestDiamondInANameIsNamed: a member's display name refused for the
// moderator's mark (♦, or ◆) says which character, which the list of role
// words does not; a name refused for a word still lists the words.
func TestDiamondInANameIsNamed(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		_, ada := env.SignUp(t, "ada")
		message := func(name string) string {
			t.Helper()
			res := env.API(t, "PATCH", "/me", ada, map[string]string{"display_name": name})
			wantFields(t, "display name "+name, res, "display_name")
			var out struct {
				Error struct{ Fields map[string]string }
			}
			res.JSON(t, &out)
			return out.Error.Fields["display_name"]
		}
		for name, want := range map[string]string{
			"Emil ♦":     "Names with ♦, the mark of moderators on Q&A sites, are kept for staff.",
			"◆ Emil":     "Names with ◆, the mark of moderators on Q&A sites, are kept for staff.",
			"Emil Admin": "Names that claim a role on the site (admin, moderator, staff, Stackdesk, hotline, service desk, IT support), also run together with other words, are kept for staff.",
		} {
			if got := message(name); got != want {
				t.Errorf("display name %q: %q, want %q", name, got, want)
			}
		}
		if res := env.API(t, "PATCH", "/me", ada, map[string]string{"display_name": "Emil ♥"}); res.Status != http.StatusOK {
			t.Errorf("another card suit: %d %s", res.Status, res.Body)
		}
	})
}
