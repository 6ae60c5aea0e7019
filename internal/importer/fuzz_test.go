package importer

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"stackdesk/internal/auth"
	"stackdesk/internal/markdown"
	"stackdesk/internal/store"
	"stackdesk/internal/text"
)

// dumpFiles are the files of a dump and their root elements, as the import
// reads them; a fuzz input picks one by its first byte.
var dumpFiles = []struct{ name, root string }{
	{"Posts.xml", "posts"}, {"Users.xml", "users"}, {"Comments.xml", "comments"}, {"Votes.xml", "votes"},
	{"Tags.xml", "tags"}, {"PostLinks.xml", "postlinks"}, {"PostHistory.xml", "posthistory"}, {"Badges.xml", "badges"},
}

// FuzzDumpRows reads arbitrary bytes as a dump file and every row it gives
// with each row parser, as the import does. It checks that nothing panics;
// that the reader stops with io.EOF or a *FileError (truncated or
// malformed) whose line is at least 1; that a parser refuses a row only
// with a problem on the row's line that has a reason and a message; and
// what an accepted row holds: a post's HTML as the sanitiser gives it (so
// sanitising it again changes nothing), a question's tags normalised,
// valid and once each, a user's username one the app accepts for a new
// account, a tag name normalised and valid. The seed corpus (the files of
// testdata/se-small, cut short, and naughty strings in rows) runs in every
// go test.
func FuzzDumpRows(f *testing.F) {
	dir := filepath.Join(repoRoot(f), "testdata", "se-small")
	for i, df := range dumpFiles {
		b, err := os.ReadFile(filepath.Join(dir, df.name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(byte(i), b)
		f.Add(byte(i), b[:len(b)/2])                                      // truncated in a row
		f.Add(byte(i), bytes.ReplaceAll(b, []byte("\n"), []byte("\r\n"))) // CRLF line ends
	}
	for _, s := range []string{
		"", "<posts>", "<posts></posts>", "<posts/>", "<users></posts>", "<posts></posts><row/>",
		"<posts><row/></posts>", "<posts><row Id=\"x\" PostTypeId=\"1\"/></posts>",
		"<posts><row Id=\"1\" PostTypeId=\"1\" Tags=\"|a|B|ＶＰＮ|-x||c#|\" Body=\"&lt;p onclick=x&gt;hi\"/></posts>",
		"<posts><row Id=\"2\" PostTypeId=\"2\"/><row Id=\"3\" PostTypeId=\"4\" Body=\"&lt;b&gt;x\"/><row Id=\"4\" PostTypeId=\"9\"/></posts>",
		"<posts>\n<row Id=\"1\"\n", "<!DOCTYPE x [<!ENTITY a \"b\">]><posts>&a;</posts>", "\xef\xbb\xbf<posts><row Id=\"\xff\"/></posts>",
		"<users><row Id=\"-1\"/><row Id=\"0\"/><row Id=\"7\" DisplayName=\"Stackdesk Admin\"/><row Id=\"8\" DisplayName=\"1234\"/></users>",
		"<users><row Id=\"9\" DisplayName=\"ＡＤＭＩＮ\"/><row Id=\"10\" DisplayName=\"José Müller\" CreationDate=\"2021-13-01T00:00:00\"/></users>",
		"<votes><row Id=\"1\" PostId=\"1\" VoteTypeId=\"99\"/></votes>", "<tags><row TagName=\"C++\"/><row TagName=\"-x\"/></tags>",
		"<postlinks><row PostId=\"1\" RelatedPostId=\"1\" LinkTypeId=\"3\"/></postlinks>",
		"<posthistory><row PostId=\"1\" PostHistoryTypeId=\"2\" Text=\"**x**\"/><row PostId=\"1\" PostHistoryTypeId=\"10\"/></posthistory>",
		"<badges><row UserId=\"1\" Name=\"vpn\" Class=\"3\" TagBased=\"True\"/></badges>",
	} {
		f.Add(byte(0), []byte(s))
	}
	for _, s := range naughtySeeds(f, 40) {
		q := xmlAttr(s)
		for i, df := range dumpFiles {
			f.Add(byte(i), []byte("<"+df.root+"><row Id=\"5\" PostId=\"1\" UserId=\"1\" PostTypeId=\"1\" PostHistoryTypeId=\"2\" "+
				"Title=\""+q+"\" Body=\""+q+"\" Tags=\""+q+"\" DisplayName=\""+q+"\" Text=\""+q+"\" TagName=\""+q+"\" Name=\""+q+"\"/></"+df.root+">"))
		}
	}
	f.Fuzz(func(t *testing.T, which byte, data []byte) {
		df := dumpFiles[int(which)%len(dumpFiles)]
		rr := newRowReader(df.name, df.root, bytes.NewReader(data))
		var ordinal int64
		for {
			row, err := rr.next()
			if err == io.EOF {
				return
			}
			if err != nil {
				var fe *FileError
				if !errors.As(err, &fe) || fe.Line < 1 || fe.File != df.name ||
					!(errors.Is(err, ErrTruncated) || errors.Is(err, ErrMalformed)) {
					t.Fatalf("error %#v (%v): want a *FileError of %s on a line ≥ 1, truncated or malformed", err, err, df.name)
				}
				return
			}
			if ordinal++; row.Ordinal != ordinal || row.Line < 1 {
				t.Fatalf("row %d on line %d, want row %d on a line ≥ 1", row.Ordinal, row.Line, ordinal)
			}
			checkRow(t, &row)
		}
	})
}

// checkRow runs every parser on a row and checks what each gives.
func checkRow(t *testing.T, row *xmlRow) {
	t.Helper()
	problem := func(kind string, p *problem) bool {
		if p == nil {
			return false
		}
		if p.Line != row.Line || p.Reason == "" || p.Msg == "" || !utf8.ValidString(p.Msg) {
			t.Fatalf("%s: problem %+v of the row on line %d", kind, p, row.Line)
		}
		return true
	}
	tagsOK := func(kind string, tags []string) {
		seen := map[string]bool{}
		for _, tag := range tags {
			if !text.ValidTag(tag) || text.NormalizeTag(tag) != tag || seen[tag] {
				t.Fatalf("%s: tag %q of %q is not a normalised, valid tag once", kind, tag, tags)
			}
			seen[tag] = true
		}
	}
	if p, prob := parsePost(row); !problem("post", prob) {
		if p.ID <= 0 {
			t.Fatalf("post with Id %d accepted", p.ID)
		}
		if again := markdown.SanitizeHTML(p.HTML); again != p.HTML {
			t.Fatalf("post HTML %q sanitised again is %q", p.HTML, again)
		}
		if p.Type == store.PostQuestion {
			tagsOK("post", p.Tags)
		}
		if p.Type == store.PostAnswer && p.Parent == 0 {
			t.Fatalf("answer %d without a parent accepted", p.ID)
		}
	}
	if u, prob := parseUser(row); !problem("user", prob) {
		if u.ID <= 0 {
			t.Fatalf("user with Id %d accepted", u.ID)
		}
		if !validUsername(u.Base) || auth.UsernameClaimsRole(u.Base) {
			t.Fatalf("user %d (%q): username %q is not one a member may take", u.ID, u.DisplayName, u.Base)
		}
		if u.DisplayName == "" || u.DisplayName != strings.TrimSpace(u.DisplayName) || utf8.RuneCountInString(u.DisplayName) > displayNameMax {
			t.Fatalf("user %d: display name %q", u.ID, u.DisplayName)
		}
		if utf8.RuneCountInString(u.About) > aboutMax {
			t.Fatalf("user %d: about of %d characters", u.ID, utf8.RuneCountInString(u.About))
		}
	}
	if c, prob := parseComment(row); !problem("comment", prob) && c.ID <= 0 {
		t.Fatalf("comment with Id %d accepted", c.ID)
	}
	if v, prob := parseVote(row); !problem("vote", prob) && v.Type != voteUp && v.Type != voteDown {
		t.Fatalf("vote of type %d accepted", v.Type)
	}
	if tr, prob := parseTagRow(row); !problem("tag", prob) {
		tagsOK("Tags.xml", []string{tr.Name})
	}
	if l, prob := parseLink(row); !problem("link", prob) && (l.Type != linkDuplicate || l.Post == l.Related) {
		t.Fatalf("link %+v accepted", l)
	}
	if e, prob := parseHistory(row); !problem("history", prob) && e.Reason == "" && strings.TrimSpace(e.Body) == "" {
		t.Fatalf("history event %+v accepted", e)
	}
	if b, prob := parseBadge(row); !problem("badge", prob) && b.Tag != "" {
		tagsOK("badge", []string{b.Tag})
	}
}

// xmlAttr escapes s for a double-quoted XML attribute.
func xmlAttr(s string) string {
	var b bytes.Buffer
	for _, r := range strings.ToValidUTF8(s, "\uFFFD") {
		switch r {
		case '<':
			b.WriteString("&lt;")
		case '&':
			b.WriteString("&amp;")
		case '"':
			b.WriteString("&quot;")
		case '\n':
			b.WriteString("&#xA;")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// naughtySeeds returns every nth line of the shared Big List of Naughty
// Strings and XSS list, or nothing when the shared data is missing.
func naughtySeeds(t testing.TB, every int) []string {
	dir := filepath.Join(repoRoot(t), "..", "shared", "data", "bad-input")
	var out []string
	for _, name := range []string{"blns.txt", "xss-dev.txt"} {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			continue
		}
		for i, l := range strings.Split(string(b), "\n") {
			if i%every == 0 && l != "" && !strings.HasPrefix(l, "#") {
				out = append(out, l)
			}
		}
	}
	return out
}
