package auth

import (
	"strings"
	"testing"

	"stackdesk/internal/errs"
	"stackdesk/internal/markdown"
)

// FuzzUsername checks the reading of usernames and names as typed: nothing
// panics; normalising a normalised username changes nothing; a username
// validateUsername accepts has the documented form (3 to 30 of a–z 0–9 . _
// -, starting with a letter or digit, a letter among them), is accepted
// again as it is, and is what an @mention of it in a post or comment
// names first; and the quick look of mayClaim never lets pass a name that
// the full reading finds claims a role, as a username or as a display
// name. The seed corpus runs in every go test.
func FuzzUsername(f *testing.F) {
	for _, s := range []string{
		"", "ada", "Ada", " ada.lovelace ", "1234", "a1", "abc-", "a..b", "_abc", "x" + strings.Repeat("y", 29), strings.Repeat("y", 31),
		"admin", "Stackdesk Admin", "ＡＤＭＩＮ", "Ad\u200bmin", "the.admin", "admin1", "adminbob", "theadmin", "Stafford", "Emma Wagstaff",
		"bobstaff", "IT Support", "Service Desk", "ITServiceDesk", "sysadminx7", "♦ Kim Lee", "Badminton", "Robert Service", "Hotline",
		"ad\u0301min", "aDmIn", "Moderatorin", "helpdesk", "www.example.com", "user-12", "a_b_c", "abc.", "abc...",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, person := range []bool{false, true} {
			full := claimsStaff(s) || staffAffix(s, person)
			if full && !mayClaim(s) {
				t.Fatalf("mayClaim(%q) lets pass a name that claims a role (display name: %v)", s, person)
			}
		}
		name := NormalizeUsername(s)
		if NormalizeUsername(name) != name {
			t.Fatalf("NormalizeUsername(%q) = %q, again %q", s, name, NormalizeUsername(name))
		}
		var fs errs.Fields
		validateUsername(name, &fs)
		if len(fs) > 0 {
			return
		}
		if n := len(name); n < 3 || n > 30 || !strings.ContainsAny(name, "abcdefghijklmnopqrstuvwxyz") ||
			strings.ContainsFunc(name, func(r rune) bool { return !strings.ContainsRune("abcdefghijklmnopqrstuvwxyz0123456789._-", r) }) ||
			strings.ContainsRune("._-", rune(name[0])) {
			t.Fatalf("username %q accepted", name)
		}
		var again errs.Fields
		if validateUsername(NormalizeUsername(name), &again); len(again) > 0 {
			t.Fatalf("username %q accepted, normalised again refused", name)
		}
		for _, html := range []string{markdown.Render("hi @" + name), markdown.RenderComment("(@" + name + ") ok")} {
			if names := markdown.MentionNames(html, 20); len(names) == 0 || names[0] != name {
				t.Fatalf("@%s in %q names %q", name, html, names)
			}
		}
	})
}
