package search

import (
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Limits on what the parser reads; the rest is dropped and Truncated set.
const (
	maxQueryRunes = 1000
	maxQueryTerms = 32
)

// usernameRE is the form of a username (see internal/auth): 3 to 30 of
// a-z 0-9 _ . - starting with a letter or digit.
var usernameRE = regexp.MustCompile(`^[a-z0-9][a-z0-9_.-]{2,29}$`)

// Parse reads the search-box syntax:
//
//	words  "exact phrase"  -word  -"phrase"  [tag]  tag:name  -[tag]  -tag:name
//	is:question  is:answered  is:accepted  is:unanswered  closed:yes|no
//	-is:answered  -is:unanswered  -is:accepted  -closed:yes|no
//	user:ID or user:NAME (digits a username has: that user)  score:N  answers:N  created:>YYYY-MM-DD  created:<YYYY-MM-DD
//
// score: and answers: take the forms created: does: N or >=N is at least
// N, >N more than N, <N fewer, <=N at most N; answers:0 is no answers.
//
// A minus before a filter excludes what it selects where that has a clear
// opposite (see negated); -is:answered is is:unanswered, -closed:yes is
// closed:no.
//
// It never fails: an operator it knows with a value it cannot read
// (created:>2024-13-01, user:, answers:-1, answers:<0), or with a minus it has no
// opposite for (-user:ada, -score:3, -created:…, -is:question), is left
// out and listed in Ignored, for the caller to say so; anything else
// malformed (an unknown operator, an unclosed quote or bracket) is taken
// as plain words. Wildcards and regular
// expressions are not syntax: "*" and "/re/" are just text. Input is cut at
// 1,000 runes and 32 terms (a phrase counts one term per word), invalid
// UTF-8 and control characters become spaces.
func Parse(s string) Query {
	var q Query
	s, q.Truncated = cleanQuery(s)
	p := parser{q: &q}
	for rest := s; ; {
		rest = strings.TrimLeft(rest, " ")
		if rest == "" {
			break
		}
		if p.terms >= maxQueryTerms {
			q.Truncated = true
			break
		}
		rest = p.next(rest)
	}
	return q
}

// parser accumulates terms into q and counts them against maxQueryTerms.
type parser struct {
	q     *Query
	terms int
}

// next consumes one item from the start of s (which is not blank) and
// returns the remainder.
func (p *parser) next(s string) string {
	neg := false
	body := s
	if strings.HasPrefix(s, `-"`) {
		neg, body = true, s[1:]
	}
	if strings.HasPrefix(body, `"`) {
		end := strings.IndexByte(body[1:], '"')
		if end < 0 {
			// Unclosed quote: drop it and read the rest as words.
			if neg {
				p.word("-")
			}
			return body[1:]
		}
		p.phrase(body[1:1+end], neg)
		return body[2+end:]
	}
	tok, rest := s, ""
	if i := strings.IndexByte(s, ' '); i >= 0 {
		tok, rest = s[:i], s[i+1:]
	}
	p.token(tok)
	return rest
}

// phrase records a quoted phrase, or an excluded one.
func (p *parser) phrase(text string, neg bool) {
	words := strings.Fields(text)
	if len(words) == 0 {
		return
	}
	if room := maxQueryTerms - p.terms; len(words) > room {
		words = words[:room]
		p.q.Truncated = true
	}
	p.terms += len(words)
	text = strings.Join(words, " ")
	if neg {
		p.q.Excluded = append(p.q.Excluded, text)
		return
	}
	p.q.Phrases = append(p.q.Phrases, text)
}

// token classifies one whitespace-delimited token.
func (p *parser) token(tok string) {
	if strings.HasPrefix(tok, "-") && len(tok) > 1 {
		inner := tok[1:]
		if tags, ok := bracketTags(inner); ok {
			p.q.ExcludedTags = p.tags(p.q.ExcludedTags, tags)
			return
		}
		if key, val, ok := strings.Cut(inner, ":"); ok && operators[strings.ToLower(key)] {
			if !p.negated(strings.ToLower(key), val) {
				p.q.Ignored = append(p.q.Ignored, tok)
				p.terms++
			}
			return
		}
		p.q.Excluded = append(p.q.Excluded, inner)
		p.terms++
		return
	}
	if tags, ok := bracketTags(tok); ok {
		p.q.Tags = p.tags(p.q.Tags, tags)
		return
	}
	if key, val, ok := strings.Cut(tok, ":"); ok {
		key = strings.ToLower(key)
		if p.operator(key, val) {
			p.terms++
			return
		}
		if operators[key] {
			p.q.Ignored = append(p.q.Ignored, tok)
			p.terms++
			return
		}
	}
	p.word(tok)
}

// tags adds tags to list, one term each, as far as the term limit allows.
func (p *parser) tags(list, tags []string) []string {
	for _, t := range tags {
		if p.terms >= maxQueryTerms {
			p.q.Truncated = true
			break
		}
		list = appendUnique(list, t)
		p.terms++
	}
	return list
}

// word records a plain word.
func (p *parser) word(w string) {
	p.q.Words = append(p.q.Words, w)
	p.terms++
}

// operators are the keys of the key:value filters.
var operators = map[string]bool{"tag": true, "is": true, "closed": true, "user": true, "score": true, "answers": true, "created": true}

// operator applies key:val and reports whether it was understood.
func (p *parser) operator(key, val string) bool {
	lv := strings.ToLower(val)
	switch key {
	case "tag":
		if t := normalizeTag(val); t != "" {
			p.q.Tags = appendUnique(p.q.Tags, t)
			return true
		}
	case "is":
		switch lv {
		case "question":
			return true
		case "answered":
			p.q.Answered = true
			return true
		case "accepted":
			p.q.Accepted = true
			return true
		case "unanswered":
			p.q.Unanswered = true
			return true
		}
	case "closed":
		switch lv {
		case "yes", "true", "1":
			v := true
			p.q.Closed = &v
			return true
		case "no", "false", "0":
			v := false
			p.q.Closed = &v
			return true
		}
	case "user":
		if n, err := strconv.ParseInt(val, 10, 64); err == nil && n > 0 && n < 1<<53 {
			p.q.UserID = n
			if usernameRE.MatchString(val) {
				// user:1234 could also name an account called "1234" (from
				// before usernames needed a letter): Search prefers it.
				p.q.UserNumber = val
			}
			return true
		}
		// Digits are otherwise an id: user:12, too short for a username,
		// never means a user named "12".
		if name := strings.ToLower(val); usernameRE.MatchString(name) && strings.Trim(name, "0123456789") != "" {
			p.q.UserName = name
			return true
		}
	case "score":
		return p.bound(val, &p.q.MinScore, &p.q.MaxScore, false)
	case "answers":
		return p.bound(val, &p.q.MinAnswers, &p.q.MaxAnswers, true)
	case "created":
		return p.created(val)
	}
	return false
}

// negated applies -key:val, the opposite of key:val, and reports whether
// it was understood. Only filters with a clear opposite have one: a tag
// excluded, the answered and accepted states, closed. Every result is a
// question, so -is:question would find nothing; bounds have their own
// syntax (score:, answers:, created:<), and a minus before them or before
// user: is not read, rather than guessed at.
func (p *parser) negated(key, val string) bool {
	lv := strings.ToLower(val)
	switch key {
	case "tag":
		if t := normalizeTag(val); t != "" {
			p.q.ExcludedTags = p.tags(p.q.ExcludedTags, []string{t})
			return true
		}
	case "is":
		switch lv {
		case "answered":
			p.q.Unanswered = true
		case "unanswered":
			p.q.Answered = true
		case "accepted":
			p.q.NotAccepted = true
		default:
			return false
		}
		p.terms++
		return true
	case "closed":
		switch lv {
		case "yes", "true", "1", "no", "false", "0":
			v := lv == "no" || lv == "false" || lv == "0"
			p.q.Closed = &v
			p.terms++
			return true
		}
	}
	return false
}

// bound applies score: or answers: with the forms created: takes: N or
// >=N (at least N), >N (more than N), <N (fewer than N), <=N (at most N),
// tightening the bounds min and max (both inclusive). For a count (answers,
// never negative) a bare 0 means none: "answers:0" finds the questions
// without answers (at least 0 would be every question), and a bound below
// 0 cannot be read.
func (p *parser) bound(val string, min, max **int, count bool) bool {
	op := ""
	for _, o := range []string{">=", "<=", ">", "<"} {
		if strings.HasPrefix(val, o) {
			op, val = o, val[len(o):]
			break
		}
	}
	n, err := strconv.Atoi(val)
	if err != nil || n < -1e9 || n > 1e9 || count && (n < 0 || n == 0 && op == "<") {
		return false
	}
	lo, hi := (*int)(nil), (*int)(nil)
	switch op {
	case ">":
		n++
		lo = &n
	case "<":
		n--
		hi = &n
	case "<=":
		hi = &n
	case "":
		if count && n == 0 {
			hi = &n
			break
		}
		lo = &n
	default:
		lo = &n
	}
	if lo != nil && (*min == nil || *lo > **min) {
		*min = lo
	}
	if hi != nil && (*max == nil || *hi < **max) {
		*max = hi
	}
	return true
}

// created applies created:>D, >=D, <D, <=D or D (that day), in UTC.
func (p *parser) created(val string) bool {
	op := ""
	for _, o := range []string{">=", "<=", ">", "<"} {
		if strings.HasPrefix(val, o) {
			op, val = o, val[len(o):]
			break
		}
	}
	d, err := time.Parse("2006-01-02", val)
	if err != nil || d.Year() < 1970 || d.Year() > 2199 {
		return false
	}
	next := d.AddDate(0, 0, 1)
	switch op {
	case ">":
		p.from(next)
	case ">=":
		p.from(d)
	case "<":
		p.before(d)
	case "<=":
		p.before(next)
	default:
		p.from(d)
		p.before(next)
	}
	return true
}

// from tightens the inclusive lower date bound.
func (p *parser) from(t time.Time) {
	if p.q.CreatedFrom.IsZero() || t.After(p.q.CreatedFrom) {
		p.q.CreatedFrom = t
	}
}

// before tightens the exclusive upper date bound.
func (p *parser) before(t time.Time) {
	if p.q.CreatedBefore.IsZero() || t.Before(p.q.CreatedBefore) {
		p.q.CreatedBefore = t
	}
}

// bracketTags reads "[a]" or "[a][b]…" and reports whether every tag in it
// is valid.
func bracketTags(tok string) ([]string, bool) {
	if !strings.HasPrefix(tok, "[") || !strings.HasSuffix(tok, "]") {
		return nil, false
	}
	var tags []string
	for tok != "" {
		if tok[0] != '[' {
			return nil, false
		}
		end := strings.IndexByte(tok, ']')
		if end < 0 {
			return nil, false
		}
		t := normalizeTag(tok[1:end])
		if t == "" {
			return nil, false
		}
		tags = append(tags, t)
		tok = tok[end+1:]
	}
	return tags, true
}

// appendUnique appends s unless list already holds it.
func appendUnique(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}

// cleanQuery replaces invalid UTF-8, control and format characters and
// all white space with single spaces, maps typographic quotes to '"',
// and cuts the result to maxQueryRunes. It reports whether it cut.
func cleanQuery(s string) (string, bool) {
	var b strings.Builder
	b.Grow(min(len(s), 4*maxQueryRunes))
	n, cut, space := 0, false, true
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == utf8.RuneError && size == 1, unicode.IsSpace(r), unicode.IsControl(r):
			r = ' '
		case unicode.Is(unicode.Cf, r):
			continue
		case r == '„' || r == '“' || r == '”' || r == '«' || r == '»':
			r = '"'
		}
		if r == ' ' {
			if space {
				continue
			}
			space = true
		} else {
			space = false
		}
		if n == maxQueryRunes {
			cut = true
			break
		}
		b.WriteRune(r)
		n++
	}
	return strings.TrimRight(b.String(), " "), cut
}
