package search

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

func intp(n int) *int    { return &n }
func boolp(b bool) *bool { return &b }
func day(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestParse(t *testing.T) {
	tests := []struct {
		name, in string
		want     Query
	}{
		{"empty", "", Query{}},
		{"blank", "  \t\n ", Query{}},
		{"words", "reset  vpn password", Query{Words: []string{"reset", "vpn", "password"}}},
		{"phrase", `vpn "connection refused" now`, Query{Words: []string{"vpn", "now"}, Phrases: []string{"connection refused"}}},
		{"german quotes", `„Passwort zurücksetzen“`, Query{Phrases: []string{"Passwort zurücksetzen"}}},
		{"empty phrase", `"" vpn`, Query{Words: []string{"vpn"}}},
		{"unclosed quote", `"vpn broken`, Query{Words: []string{"vpn", "broken"}}},
		{"exclude word", "printer -hp", Query{Words: []string{"printer"}, Excluded: []string{"hp"}}},
		{"exclude phrase", `printer -"paper jam"`, Query{Words: []string{"printer"}, Excluded: []string{"paper jam"}}},
		{"lone minus", "a - b", Query{Words: []string{"a", "-", "b"}}},
		{"tags", "[VPN] tag:Outlook [c#][.net]", Query{Tags: []string{"vpn", "outlook", "c#", ".net"}}},
		{"duplicate tags", "[vpn] [vpn] tag:vpn", Query{Tags: []string{"vpn"}}},
		{"excluded tag", "-[windows] printer", Query{Words: []string{"printer"}, ExcludedTags: []string{"windows"}}},
		{"excluded tag forms", "-tag:Windows -[mac][linux] -tag:windows printer", Query{Words: []string{"printer"}, ExcludedTags: []string{"windows", "mac", "linux"}}},
		{"not answered", "-is:answered", Query{Unanswered: true}},
		{"not unanswered", "-IS:Unanswered", Query{Answered: true}},
		{"not accepted", "-is:accepted vpn", Query{Words: []string{"vpn"}, NotAccepted: true}},
		{"not closed", "-closed:yes", Query{Closed: boolp(false)}},
		{"not open", "-closed:No", Query{Closed: boolp(true)}},
		{"negated without opposite", "-user:ada -user:12 -score:3 -answers:2 -created:>2024-01-01 -is:question printer", Query{
			Words:   []string{"printer"},
			Ignored: []string{"-user:ada", "-user:12", "-score:3", "-answers:2", "-created:>2024-01-01", "-is:question"},
		}},
		{"negated bad values", "-is:cool -closed:maybe -tag: -[] vpn", Query{Words: []string{"vpn"}, Excluded: []string{"[]"}, Ignored: []string{"-is:cool", "-closed:maybe", "-tag:"}}},
		{"negated unknown operator", "-error:404", Query{Excluded: []string{"error:404"}}},
		{"bad tag", "[not a tag] [<b>]", Query{Words: []string{"[not", "a", "tag]", "[<b>]"}}},
		{"unclosed bracket", "[vpn", Query{Words: []string{"[vpn"}}},
		{"is operators", "is:question is:answered IS:Accepted is:unanswered", Query{Answered: true, Accepted: true, Unanswered: true}},
		{"unknown is", "is:cool printer", Query{Words: []string{"printer"}, Ignored: []string{"is:cool"}}},
		{"unknown operator", "error:404 foo:bar", Query{Words: []string{"error:404", "foo:bar"}}},
		{"user", "user:42", Query{UserID: 42}},
		{"user by name", "user:Ada.L", Query{UserName: "ada.l"}},
		{"bad user", "user:me user:-1 user:99999999999999999999", Query{Ignored: []string{"user:me", "user:-1", "user:99999999999999999999"}}},
		{"score answers", "score:5 answers:2", Query{MinScore: intp(5), MinAnswers: intp(2)}},
		{"negative score", "score:-3", Query{MinScore: intp(-3)}},
		{"bad numbers", "score:x answers:-1 score:", Query{Ignored: []string{"score:x", "answers:-1", "score:"}}},
		{"closed", "closed:yes", Query{Closed: boolp(true)}},
		{"not closed", "closed:no", Query{Closed: boolp(false)}},
		{"created after", "created:>2024-01-31", Query{CreatedFrom: day("2024-02-01")}},
		{"created from", "created:>=2024-01-31", Query{CreatedFrom: day("2024-01-31")}},
		{"created before", "created:<2024-01-31", Query{CreatedBefore: day("2024-01-31")}},
		{"created through", "created:<=2024-01-31", Query{CreatedBefore: day("2024-02-01")}},
		{"created day", "created:2024-01-31", Query{CreatedFrom: day("2024-01-31"), CreatedBefore: day("2024-02-01")}},
		{"created range", "created:>2024-01-01 created:<2024-03-01", Query{CreatedFrom: day("2024-01-02"), CreatedBefore: day("2024-03-01")}},
		{"bad dates", "created:>2024-13-01 created:yesterday created:>1900-01-01", Query{Ignored: []string{"created:>2024-13-01", "created:yesterday", "created:>1900-01-01"}}},
		{"wildcards are text", "*a*a*a* /.*.*.*/ foo?", Query{Words: []string{"*a*a*a*", "/.*.*.*/", "foo?"}}},
		{"control characters", "vpn\x00\x07broken\u200b", Query{Words: []string{"vpn", "broken"}}},
		{"invalid utf-8", "vpn\xff\xfebroken", Query{Words: []string{"vpn", "broken"}}},
		{"mixed", `[vpn] is:answered "split tunnel" -cisco user:7 score:1 windows`, Query{
			Words: []string{"windows"}, Phrases: []string{"split tunnel"}, Excluded: []string{"cisco"},
			Tags: []string{"vpn"}, Answered: true, UserID: 7, MinScore: intp(1),
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Parse(tt.in)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Parse(%q)\n got  %+v\n want %+v", tt.in, got, tt.want)
			}
		})
	}
}

func TestParseLimits(t *testing.T) {
	t.Run("runes", func(t *testing.T) {
		q := Parse(strings.Repeat("é", 5000))
		if !q.Truncated || len(q.Words) != 1 || len([]rune(q.Words[0])) != maxQueryRunes {
			t.Errorf("got %d words, truncated=%v", len(q.Words), q.Truncated)
		}
	})
	t.Run("terms", func(t *testing.T) {
		q := Parse(strings.Repeat("w ", 100))
		if !q.Truncated || len(q.Words) != maxQueryTerms {
			t.Errorf("got %d words, truncated=%v", len(q.Words), q.Truncated)
		}
	})
	t.Run("phrase words count", func(t *testing.T) {
		q := Parse(`a b c "` + strings.Repeat("x ", 50) + `"`)
		if !q.Truncated || len(strings.Fields(q.Phrases[0])) != maxQueryTerms-3 {
			t.Errorf("got %+v", q)
		}
	})
	t.Run("tags count", func(t *testing.T) {
		q := Parse(strings.Repeat("[a]", 40))
		if len(q.Tags) != 1 {
			t.Errorf("got %+v", q)
		}
		var b strings.Builder
		for i := range 40 {
			b.WriteString("[t" + string(rune('a'+i%26)) + string(rune('a'+i/26)) + "]")
		}
		q = Parse(b.String())
		if !q.Truncated || len(q.Tags) != maxQueryTerms {
			t.Errorf("got %d tags, truncated=%v", len(q.Tags), q.Truncated)
		}
	})
}

func TestQueryString(t *testing.T) {
	tests := []struct{ in, want string }{
		{`windows [VPN] -cisco "split tunnel" is:answered user:7`, `[vpn] is:answered user:7 windows "split tunnel" -cisco`},
		{"created:2024-01-31", "created:2024-01-31"},
		{"created:>2024-01-31", "created:>=2024-02-01"},
		{`-"[vpn]"`, `-"[vpn]"`},
		{`-"is:answered" -"tag:vpn" -"foo:bar"`, `-"is:answered" -"tag:vpn" -foo:bar`},
		{"closed:no score:-2 answers:0", "score:-2 answers:0 closed:no"},
		{"-is:answered -tag:Windows printer -closed:yes -is:accepted -user:ada", "-[windows] is:unanswered -is:accepted closed:no printer"},
		{"-is:unanswered -[a][b] -closed:no", "-[a] -[b] is:answered closed:yes"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := Parse(tt.in).String(); got != tt.want {
				t.Errorf("String() = %q, want %q", got, tt.want)
			}
		})
	}
}
