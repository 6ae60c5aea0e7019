package importer

import (
	"errors"
	"io"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// usernameRule is the app's rule for new usernames: the form, and a letter.
var usernameRule = regexp.MustCompile(`^[a-z0-9][a-z0-9_.-]{2,29}$`)

func validUsername(name string) bool {
	return usernameRule.MatchString(name) && strings.ContainsAny(name, "abcdefghijklmnopqrstuvwxyz")
}

func TestUsernameBase(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		display string
		id      int64
		want    string
	}{
		{"Ada Lovelace", 1, "ada-lovelace"},
		{"José Müller", 2, "jose-muller"},
		{"  --Jean-Luc  Picard__ ", 3, "jean-luc-picard"},
		{"O'Brien", 4, "obrien"},
		{"李雷", 5, "user-5"},
		{"Al", 6, "user-6"},
		{"user@example.com", 7, "userexample.com"},
		{"a very long display name that goes on and on", 8, "a-very-long-display-name-that"},
		{"..._", 9, "user-9"},
		// A name of digits only would read as an id in user:NAME searches.
		{"1234", 10, "user-10"}, {"2024 - 01", 11, "user-11"}, {"Team 2024", 12, "team-2024"},
	} {
		got := usernameBase(c.display, c.id)
		if got != c.want || !validUsername(got) {
			t.Errorf("usernameBase(%q) = %q, want %q", c.display, got, c.want)
		}
	}
}

// TestDisplayName checks that a dump's display name has its spaces
// collapsed and is cut to displayNameMax characters with no space left at
// either end.
func TestDisplayName(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"  Ada \t\n Lovelace ":            "Ada Lovelace",
		"":                                "",
		strings.Repeat("x", 49) + " yz":   strings.Repeat("x", 49),
		strings.Repeat("ü", 60):           strings.Repeat("ü", 50),
		strings.Repeat("ab ", 16) + "c d": strings.Repeat("ab ", 16) + "c",
	} {
		if got := displayName(in); got != want {
			t.Errorf("displayName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCandidateUsernames(t *testing.T) {
	t.Parallel()
	long := "a-very-long-display-name-that"
	for _, c := range []struct {
		base  string
		round int
		want  string
	}{
		{"ada", 0, "ada"}, {"ada", 1, "ada-42"}, {"ada", 2, "ada-42-2"},
		{long, 1, "a-very-long-display-name-th-42"}, {long, 3, "a-very-long-display-name-42-3"},
		// Cut short, "...-stafford" would end in "-staff", a name that claims a role.
		{"abcdefghijklmnopqrstu-stafford", 0, "abcdefghijklmnopqrstu-stafford"},
		{"abcdefghijklmnopqrstu-stafford", 1, "user-42"},
		{"abcdefghijklmnopqrstu-stafford", 2, "abcdefghijklmnopqrstu-sta-42-2"},
		// Cut short, the letters at the end of a base would be lost.
		{"1234567890123456789012345678ab", 1, "user-42"},
	} {
		got := candidate(c.base, 42, c.round)
		if got != c.want || !validUsername(got) {
			t.Errorf("candidate(%q, %d) = %q, want %q", c.base, c.round, got, c.want)
		}
	}
}

func TestParseTags(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		in            string
		tags, dropped []string
	}{
		{"<vpn><windows-11>", []string{"vpn", "windows-11"}, nil},
		{"|printer|c#|.net|", []string{"printer", "c#", ".net"}, nil},
		{"<VPN><vpn><Bad Tag!>", []string{"vpn"}, []string{"Bad Tag!"}},
		{"", nil, nil},
	} {
		tags, dropped := parseTags(c.in)
		if !slices.Equal(tags, c.tags) || !slices.Equal(dropped, c.dropped) {
			t.Errorf("parseTags(%q) = %q, %q; want %q, %q", c.in, tags, dropped, c.tags, c.dropped)
		}
	}
}

func TestRowReader(t *testing.T) {
	t.Parallel()
	const head = "\ufeff<?xml version=\"1.0\" encoding=\"utf-8\"?>\r\n<posts>\r\n"
	read := func(src string) ([]xmlRow, error) {
		rr := newRowReader("Posts.xml", "posts", strings.NewReader(src))
		var rows []xmlRow
		for {
			r, err := rr.next()
			if err == io.EOF {
				return rows, nil
			}
			if err != nil {
				return rows, err
			}
			rows = append(rows, r)
		}
	}
	rows, err := read(head + "  <row Id=\"1\" Body=\"a&#xD;&#xA;b\" />\r\n  <row Id=\"2\" />\r\n</posts>\r\n")
	if err != nil || len(rows) != 2 {
		t.Fatalf("rows %v, err %v", rows, err)
	}
	f := fields{row: &rows[0]}
	if rows[0].Line != 3 || rows[1].Line != 4 || rows[1].Ordinal != 2 || f.text("Body") != "a\nb" {
		t.Errorf("rows = %+v, body %q", rows, f.text("Body"))
	}
	for _, c := range []struct {
		src  string
		want error
		msg  string
	}{
		{head + "  <row Id=\"1\" />\r\n  <row Id=\"2\" Bo", ErrTruncated, "Posts.xml:4: file is truncated"},
		{head + "  <row Id=\"1\" />\r\n", ErrTruncated, "before the closing </posts> tag"},
		{head + "  <row Id=\"1\" / >\r\n</posts>", ErrMalformed, "Posts.xml:3: file is not a well-formed dump"},
		{"<users>\r\n<row Id=\"1\" />\r\n</users>", ErrMalformed, "the root element is <users>, want <posts>"},
	} {
		_, err := read(c.src)
		if !errors.Is(err, c.want) || !strings.Contains(err.Error(), c.msg) {
			t.Errorf("read(%q) err = %v, want %v with %q", c.src, err, c.want, c.msg)
		}
	}
}
