package importer

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"stackdesk/internal/auth"
)

// Username limits of the app: ^[a-z0-9][a-z0-9_.-]{2,29}$.
const (
	usernameMin = 3
	usernameMax = 30
)

// usernameBase derives a username from a display name: accents dropped,
// lower case, spaces as '-', other characters outside a-z 0-9 _ . - left
// out, runs of separators collapsed, at most 30 characters. A name with
// fewer than 3 usable characters, or no letter, becomes "user-ID".
func usernameBase(display string, id int64) string {
	var b strings.Builder
	sep := true // at the start, separators are dropped
	for _, r := range norm.NFKD.String(display) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case r >= 'A' && r <= 'Z':
			r += 'a' - 'A'
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
		case r == '_' || r == '.' || r == '-' || unicode.IsSpace(r):
			if !sep {
				if unicode.IsSpace(r) {
					r = '-'
				}
				b.WriteRune(r)
				sep = true
			}
			continue
		default:
			continue
		}
		b.WriteRune(r)
		sep = false
	}
	name := trimName(b.String(), usernameMax)
	if len(name) < usernameMin || !hasLetter(name) {
		return "user-" + strconv.FormatInt(id, 10)
	}
	return name
}

// hasLetter reports whether a username holds a letter, as the app requires
// of new ones: user:1234 in a search is the user with id 1234, so a name of
// digits only ("1234", "2024-01") could not be searched for.
func hasLetter(name string) bool {
	return strings.ContainsFunc(name, func(r rune) bool { return r >= 'a' && r <= 'z' })
}

// trimName cuts name to n bytes and drops separators left at its end.
func trimName(name string, n int) string {
	if len(name) > n {
		name = name[:n]
	}
	return strings.TrimRight(name, "_.-")
}

// candidate is the username tried for a base in a given round: the base,
// then base-ID, then base-ID-2, base-ID-3, ...
func candidate(base string, id int64, round int) string {
	suffix := ""
	switch {
	case round == 1:
		suffix = "-" + strconv.FormatInt(id, 10)
	case round > 1:
		suffix = "-" + strconv.FormatInt(id, 10) + "-" + strconv.Itoa(round)
	}
	if suffix == "" {
		return base
	}
	name := trimName(base, usernameMax-len(suffix)) + suffix
	if name[0] == '-' { // the base was cut away entirely
		name = "u" + name
	}
	if auth.UsernameClaimsRole(name) || !hasLetter(name) { // the base cut short ends in a staff word, or lost its letters
		name = "user" + suffix
	}
	return name
}

// uniqueUsernames picks for each user a username that no existing user and
// no other user of the batch has, trying candidate names round by round.
func uniqueUsernames(ctx context.Context, t dbtx, bases []string, ids []int64) ([]string, error) {
	out := make([]string, len(bases))
	taken := map[string]bool{}
	pending := make([]int, len(bases))
	for i := range pending {
		pending[i] = i
	}
	for round := 0; len(pending) > 0; round++ {
		if round > 20 {
			return nil, fmt.Errorf("no free username for %q", bases[pending[0]])
		}
		cands := make([]any, len(pending))
		for k, i := range pending {
			cands[k] = candidate(bases[i], ids[i], round)
		}
		used, err := existingUsernames(ctx, t, cands)
		if err != nil {
			return nil, err
		}
		var next []int
		for k, i := range pending {
			c := cands[k].(string)
			if used[c] || taken[c] {
				next = append(next, i)
				continue
			}
			taken[c] = true
			out[i] = c
		}
		pending = next
	}
	return out, nil
}

// existingUsernames returns which of names are usernames already.
func existingUsernames(ctx context.Context, t dbtx, names []any) (map[string]bool, error) {
	used := map[string]bool{}
	for lo := 0; lo < len(names); lo += 200 {
		part := names[lo:min(lo+200, len(names))]
		rows, err := t.query(ctx, "SELECT username FROM users WHERE username IN ("+
			strings.TrimSuffix(strings.Repeat("?, ", len(part)), ", ")+")", part...)
		if err != nil {
			return nil, fmt.Errorf("check usernames: %w", err)
		}
		for rows.Next() {
			var u string
			if err := rows.Scan(&u); err != nil {
				rows.Close()
				return nil, err
			}
			used[u] = true
		}
		if err := rows.Close(); err != nil {
			return nil, err
		}
	}
	return used, nil
}
