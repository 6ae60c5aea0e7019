package auth

import (
	"bytes"
	"net/mail"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"stackdesk/internal/errs"
	"stackdesk/internal/text"
)

var usernameRE = regexp.MustCompile(`^[a-z0-9][a-z0-9_.-]{2,29}$`)

// NormalizeUsername lower-cases a username as typed; usernames are unique without case.
func NormalizeUsername(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// NormalizeEmail lower-cases an e-mail address as typed.
func NormalizeEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// validateUsername checks the form of a new username (normalised): 3 to
// 30 of a-z 0-9 . _ -, with at least one letter, since user:12 in a search
// is the user with id 12 and a name of digits only could not be searched
// for. Accounts named before (and imported "user-N" names) stay valid.
func validateUsername(name string, f *errs.Fields) {
	switch {
	case !usernameRE.MatchString(name):
		f.Add("username", "field.username.format", "Use 3 to 30 characters: a–z, 0–9, '.', '_' or '-', starting with a letter or digit.")
	case !strings.ContainsFunc(name, func(r rune) bool { return r >= 'a' && r <= 'z' }):
		f.Add("username", "field.username.letter", "Use at least one letter: a username of digits only would read as a user's number in searches (user:12).")
	}
}

func validateSignUp(in SignUp, f *errs.Fields) {
	validateUsername(in.Username, f)
	validateEmail(in.Email, f)
	validatePassword(in.Password, f)
	checkStrength(in.Password, in.Username, in.DisplayName, in.Email, f)
	if in.DisplayName != "" {
		validateDisplayName(in.DisplayName, f)
	}
}

func validateEmail(email string, f *errs.Fields) {
	if email == "" {
		f.Add("email", "field.email.required", "Enter your e-mail address.")
		return
	}
	a, err := mail.ParseAddress(email)
	if err != nil || a.Address != email || len(email) > 254 || !strings.Contains(email[strings.LastIndexByte(email, '@')+1:], ".") {
		f.Add("email", "field.email.format", "Enter a valid e-mail address such as name@example.com.")
	}
}

func validatePassword(pw string, f *errs.Fields) {
	switch {
	case !utf8.ValidString(pw):
		f.Add("password", "field.password.utf8", "The password contains invalid characters.")
	case len(pw) < 8:
		f.Add("password", "field.password.short", "Use at least {{.Min}} characters.", "Min", 8)
	case len(pw) > 72:
		f.Add("password", "field.password.long", "This password is too long: at most {{.Max}} bytes, which is {{.Max}} plain letters (ä, ö, ü and ß count twice).", "Max", 72)
	case strings.TrimSpace(pw) == "":
		f.Add("password", "field.password.blank", "A password of spaces only is too easy to guess.")
	}
}

func validateDisplayName(name string, f *errs.Fields) {
	if msg, ok := text.Check(name, 1, 50, false); !ok {
		f.Add("display_name", msg.ID, msg.Text, msg.KV()...)
	}
}

// staffWords are words of a name that claim a role on the site. Members may
// not take them: "Stackdesk Admin" asking for a password looks like staff.
var staffWords = map[string]bool{
	"admin": true, "admins": true, "administrator": true, "administrators": true, "administratorin": true,
	"administratoren": true, "moderator": true, "moderators": true, "moderatorin": true, "moderatoren": true,
	"stackdesk": true, "staff": true,
	// The hotline's names: "IT Hotline", "Helpdesk", "ServiceDesk".
	"hotline": true, "hotlines": true, "helpdesk": true, "helpdesks": true,
	"servicedesk": true, "servicedesks": true, "supportdesk": true,
}

// staffPairs are two words in a row that name the hotline ("Service Desk",
// "IT-Support"), though each alone claims nothing: Robert Service is a poet.
var staffPairs = [][2]string{{"help", "desk"}, {"service", "desk"}, {"support", "desk"}, {"it", "support"}}

// staffAffixes are staff words a name may not start or end with either,
// run together with other letters, whatever their case, digits and
// punctuation aside ("adminbob", "Adminteam2", "theadmin", "bob-moderator",
// "supportstaff2", "HotlineTeam").
var staffAffixes = []string{"admin", "admins", "administrator", "administratorin", "moderator", "moderators",
	"moderatorin", "moderatoren", "staff", "hotline", "hotlines"}

// staffInfixes are staff words and phrases run together that a name may not
// hold anywhere ("StackdeskTeam", "ITServiceDesk", "itsupport", "sysadminx7"):
// no name of a person holds their letters.
var staffInfixes = []string{"stackdesk", "helpdesk", "servicedesk", "supportdesk", "itsupport", "sysadmin", "supportstaff"}

// affixNames are names and words that start or end with a staff word but
// claim no role: "Stafford", "Staffan" and "Staffieri" are people, a
// "Staffel" is a relay team, Flagstaff a town, Falstaff a knight.
var affixNames = []string{"stafford", "staffa", "staffieri", "staffler", "staffel", "staffing", "flagstaff", "distaff", "falstaff"}

// claimsRole reports whether a username claims a role on the site: by a
// staff word of its own (claimsStaff) or by one run together with other
// letters (staffAffix).
func claimsRole(name string) bool {
	return mayClaim(name) && (claimsStaff(name) || staffAffix(name, false))
}

// nameClaimsRole is claimsRole for a display name, a person's name, in which
// a word may end in "staff": Wagstaff, Longstaff and Bickerstaff are
// surnames, while "bobstaff" as a username claims a role.
func nameClaimsRole(name string) bool {
	return mayClaim(name) && (claimsStaff(name) || staffAffix(name, true))
}

// staffStems are letters that every staff word, pair, affix and infix
// holds ("it support" and "supportstaff" hold "support", "servicedesk"
// "desk", "sysadmin" "admin").
var staffStems = [][]byte{[]byte("admin"), []byte("moderator"), []byte("staff"), []byte("hotline"), []byte("desk"), []byte("support")}

// mayClaim is a quick look that lets most names pass without the full
// reading of claimsStaff and staffAffix (an import checks every user): a
// name of ASCII characters whose letters, lower-cased and with everything
// else left out, hold none of staffStems cannot claim a role, as those
// readings only split, join and lower-case its letters. A name with any
// other character (look-alike letters, widths, accents, invisible
// characters, ♦) is read in full.
func mayClaim(name string) bool {
	var buf [64]byte
	letters := buf[:0]
	for i := 0; i < len(name); i++ {
		c := name[i]
		switch {
		case c >= utf8.RuneSelf:
			return true
		case c >= 'A' && c <= 'Z':
			letters = append(letters, c+'a'-'A')
		case c >= 'a' && c <= 'z':
			letters = append(letters, c)
		}
	}
	for _, w := range staffStems {
		if bytes.Contains(letters, w) {
			return true
		}
	}
	return false
}

// UsernameClaimsRole reports whether a username claims a role on the site,
// which members may not take: for accounts made elsewhere than sign-up,
// such as those an import creates.
func UsernameClaimsRole(name string) bool { return claimsRole(name) }

// DisplayNameClaimsRole is UsernameClaimsRole for a display name.
func DisplayNameClaimsRole(name string) bool { return nameClaimsRole(name) }

// claimsStaff reports whether a name holds one of staffWords as a word of
// its own, in any case or width, with invisible characters or accents
// inside it or digits after it ("ＡＤＭＩＮ", "Ad\u200bmin", "the.admin",
// "StackdeskAdmin", "admin1"), or the ♦ that marks moderators on other Q&A
// sites. A word that merely contains one ("Admiral", "badminton") passes.
func claimsStaff(name string) bool {
	var b strings.Builder
	var prev rune
	for _, r := range norm.NFKD.String(norm.NFKC.String(name)) {
		if l, ok := latinLookalikes[r]; ok {
			r = l // "Аdmin" with a Cyrillic А reads as Admin
		}
		switch {
		case r == '♦' || r == '◆':
			return true
		case text.Invisible(r) || unicode.IsMark(r):
			continue // "Ad\u200bmin" shows as Admin; "Ádmin" is Admin
		case !unicode.IsLetter(r) && !unicode.IsDigit(r):
			r = ' '
		case unicode.IsUpper(r) && unicode.IsLower(prev), unicode.IsDigit(r) != unicode.IsDigit(prev) && prev != ' ' && prev != 0:
			b.WriteByte(' ') // StackdeskAdmin, admin1: words of their own
		}
		b.WriteRune(r)
		prev = r
	}
	words := joinSpelled(strings.Fields(strings.ToLower(b.String())))
	for i, w := range words {
		if staffWords[w] {
			return true
		}
		for _, p := range staffPairs {
			if i > 0 && words[i-1] == p[0] && w == p[1] {
				return true
			}
		}
	}
	return false
}

// latinLookalikes maps Cyrillic and Greek letters that look like Latin ones
// to those, so a name cannot spell a staff word in letters of another
// script ("Mоderator" with a Cyrillic о, "ΑDMIN" with a Greek Α).
var latinLookalikes = map[rune]rune{
	'А': 'A', 'В': 'B', 'Е': 'E', 'К': 'K', 'М': 'M', 'Н': 'H', 'О': 'O', 'Р': 'P', 'С': 'C', 'Т': 'T',
	'Х': 'X', 'Ѕ': 'S', 'І': 'I', 'Ј': 'J', 'Ԁ': 'D', 'Ү': 'Y',
	'а': 'a', 'е': 'e', 'о': 'o', 'р': 'p', 'с': 'c', 'у': 'y', 'х': 'x', 'ѕ': 's', 'і': 'i', 'ј': 'j',
	'ԁ': 'd', 'һ': 'h', 'ӏ': 'l', 'к': 'k', 'т': 't', 'м': 'm', 'н': 'h',
	'Α': 'A', 'Β': 'B', 'Ε': 'E', 'Ζ': 'Z', 'Η': 'H', 'Ι': 'I', 'Κ': 'K', 'Μ': 'M', 'Ν': 'N', 'Ο': 'O',
	'Ρ': 'P', 'Τ': 'T', 'Υ': 'Y', 'Χ': 'X', 'ο': 'o', 'ι': 'i', 'κ': 'k', 'ν': 'v', 'ρ': 'p', 'α': 'a',
	'τ': 't', 'υ': 'u',
}

// joinSpelled joins runs of three or more one-letter words into one word,
// so a name spelled out ("A d m i n", "s.t.a.f.f") is read as its word.
func joinSpelled(words []string) []string {
	var out []string
	for i := 0; i < len(words); {
		j := i
		for j < len(words) && utf8.RuneCountInString(words[j]) == 1 {
			j++
		}
		if j-i >= 3 {
			out = append(out, strings.Join(words[i:j], ""))
			i = j
			continue
		}
		out = append(out, words[i])
		i++
	}
	return out
}

// staffAffix reports whether a word of the name (its letters between
// spaces, punctuation and digits, in any case or width, invisible
// characters, accents and look-alike letters of other scripts read as in
// claimsStaff) holds one of staffInfixes, or starts or ends with one of
// staffAffixes other than as the start or end of one of affixNames. So
// "Adminteam", "myadmin", "ITServiceDesk" and "itsupport" claim a role,
// while "Badminton" and "Stafford" do not. In a display name (person) a
// word may end in "staff", as surnames do.
func staffAffix(name string, person bool) bool {
	var b strings.Builder
	for _, r := range norm.NFKD.String(norm.NFKC.String(name)) {
		if l, ok := latinLookalikes[r]; ok {
			r = l
		}
		switch {
		case text.Invisible(r) || unicode.IsMark(r):
			continue
		case !unicode.IsLetter(r):
			r = ' '
		}
		b.WriteRune(unicode.ToLower(r))
	}
	for _, w := range strings.Fields(b.String()) {
		for _, in := range staffInfixes {
			if strings.Contains(w, in) {
				return true
			}
		}
		for _, a := range staffAffixes {
			if strings.HasPrefix(w, a) && !affixName(w, a, strings.HasPrefix) ||
				strings.HasSuffix(w, a) && !affixName(w, a, strings.HasSuffix) && !(person && a == "staff" && w != a) {
				return true
			}
		}
	}
	return false
}

// affixName reports whether word starts (or ends, by at) with one of
// affixNames that itself starts (or ends) with the staff word w.
func affixName(word, w string, at func(s, affix string) bool) bool {
	for _, n := range affixNames {
		if at(n, w) && at(word, n) {
			return true
		}
	}
	return false
}

// validateMemberNames refuses a member's username or display name that
// claims a staff role; staff, and the accounts an administrator creates for
// them, may use such names.
func validateMemberNames(username, displayName string, f *errs.Fields) {
	if username != "" && claimsRole(username) {
		f.Add("username", "field.name.staff", "Names that claim a role on the site (admin, moderator, staff, Stackdesk, hotline, service desk, IT support), also run together with other words, are kept for staff.")
	}
	if displayName != "" && nameClaimsRole(displayName) {
		if d := diamondIn(displayName); d != "" { // named, since the list of words does not say it
			f.Add("display_name", "field.name.diamond", "Names with {{.Char}}, the mark of moderators on Q&A sites, are kept for staff.", "Char", d)
			return
		}
		f.Add("display_name", "field.name.staff", "Names that claim a role on the site (admin, moderator, staff, Stackdesk, hotline, service desk, IT support), also run together with other words, are kept for staff.")
	}
}

// diamondIn is the moderator's mark (♦ or ◆) a name holds, as claimsStaff
// reads it, or "" when it holds none.
func diamondIn(name string) string {
	for _, r := range norm.NFKC.String(name) {
		if r == '♦' || r == '◆' {
			return string(r)
		}
	}
	return ""
}
