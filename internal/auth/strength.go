package auth

import (
	"strings"
	"unicode"

	"github.com/trustelem/zxcvbn"

	"stackdesk/internal/errs"
)

// minStrength is the lowest zxcvbn score (0 to 4) a new password may have:
// 2 is "somewhat guessable", safe from throttled guessing online. Below it
// are the passwords lists of common ones hold (12345678, password,
// qwertyuiop), and those made of the account's own names (NIST SP 800-63B
// 5.1.1.2: refuse what is commonly used, expected or compromised).
const minStrength = 2

// strengthRunes bounds the cost of the estimate, which grows fast with the
// length: only the first runes are scored. Passwords are at most 72 bytes
// anyway; the rest of a longer one only adds to its strength.
const strengthRunes = 100

// userInputs are the words of an account a password must not be made of:
// its username, display name and e-mail address, whole and in their parts
// (the e-mail's local part, "jonas" and "berger" of jonas.berger).
func userInputs(username, displayName, email string) []string {
	var in []string
	seen := map[string]bool{}
	add := func(s string) {
		s = strings.ToLower(strings.TrimSpace(s))
		if s == "" || seen[s] {
			return
		}
		seen[s] = true
		in = append(in, s)
	}
	for _, s := range []string{username, displayName, email} {
		add(s)
		if i := strings.LastIndexByte(s, '@'); i > 0 {
			add(s[:i])
		}
		for _, w := range strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
			if len([]rune(w)) >= 3 {
				add(w)
			}
		}
	}
	return in
}

// passwordScore is zxcvbn's score of the password's first strengthRunes
// runes, given the account's words.
func passwordScore(pw string, inputs []string) int {
	if r := []rune(pw); len(r) > strengthRunes {
		pw = string(r[:strengthRunes])
	}
	return zxcvbn.PasswordStrength(pw, inputs).Score
}

// checkStrength refuses a password that is too common or easy to guess,
// unless the password has a field error already (too short, say).
func checkStrength(pw, username, displayName, email string, f *errs.Fields) {
	if f.Has("password") {
		return
	}
	if passwordScore(pw, userInputs(username, displayName, email)) < minStrength {
		f.Add("password", "field.password.weak", "This password is too common or too easy to guess (a common word, a keyboard row, your name or e-mail address). A few unrelated words make a strong password.")
	}
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
