package search

import (
	"context"
	"html"
	"strings"
	"testing"
	"unicode/utf8"
)

// visible strips the marks and unescapes a snippet to what the reader sees.
func visible(s string) string {
	s = strings.ReplaceAll(strings.ReplaceAll(s, "<mark>", ""), "</mark>", "")
	return html.UnescapeString(s)
}

// assertSafe fails unless s holds no markup other than <mark> and </mark>.
func assertSafe(t *testing.T, s string) {
	t.Helper()
	rest := strings.ReplaceAll(strings.ReplaceAll(s, "<mark>", ""), "</mark>", "")
	if strings.ContainsAny(rest, `<>"'`) {
		t.Errorf("unsafe snippet %q", s)
	}
	if strings.Count(s, "<mark>") != strings.Count(s, "</mark>") {
		t.Errorf("unbalanced marks in %q", s)
	}
}

func TestHighlight(t *testing.T) {
	ix := newTestIndex(t)
	long := strings.Repeat("Filler words about nothing in particular. ", 30)
	apply(t, ix,
		question(1, "<script>alert(1)</script> VPN", `Body with <img src=x onerror=alert(2)> and "quotes" & the VPN client.`),
		question(2, "Printer jam", long+"The printer jams when printing duplex pages on floor 3. "+long),
		question(3, "Mailbox full", "Nothing relevant here.", accepted("Archive old mail to free the mailbox quota.", 2)),
		question(4, "Drucker druckt nicht", "Die Drucker im zweiten Stock drucken nicht mehr."),
		question(5, "Title only match keyboard", long),
	)
	tests := []struct {
		query      string
		id         int64
		wantMarks  []string // marked words in Highlight
		wantTitle  []string // marked words in TitleHighlight
		wantInText string   // visible text the snippet must contain
	}{
		{"vpn", 1, []string{"VPN"}, []string{"VPN"}, `<img src=x onerror=alert(2)>`},
		{"script alert", 1, []string{"alert"}, []string{"script", "alert", "script"}, ""},
		{"duplex printing", 2, []string{"printing", "duplex"}, nil, "jams when printing duplex"},
		{"mailbox quota", 3, []string{"mailbox", "quota"}, []string{"Mailbox"}, "Archive old mail"},
		{"Drucker", 4, []string{"Drucker"}, []string{"Drucker"}, ""},
		{"keyboard", 5, []string{"keyboard"}, []string{"keyboard"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			res, err := ix.Search(context.Background(), Request{Query: tt.query})
			if err != nil {
				t.Fatal(err)
			}
			var h *Hit
			for i := range res.Hits {
				if res.Hits[i].ID == tt.id {
					h = &res.Hits[i]
				}
			}
			if h == nil {
				t.Fatalf("question %d not found: %v", tt.id, hitIDs(res.Hits))
			}
			assertSafe(t, h.Highlight)
			assertSafe(t, h.TitleHighlight)
			if n := utf8.RuneCountInString(visible(h.Highlight)); n > snippetRunes {
				t.Errorf("snippet has %d visible runes: %q", n, h.Highlight)
			}
			for _, w := range tt.wantMarks {
				if !strings.Contains(h.Highlight, "<mark>"+w+"</mark>") {
					t.Errorf("Highlight %q lacks <mark>%s</mark>", h.Highlight, w)
				}
			}
			for _, w := range tt.wantTitle {
				if !strings.Contains(h.TitleHighlight, "<mark>"+w+"</mark>") {
					t.Errorf("TitleHighlight %q lacks <mark>%s</mark>", h.TitleHighlight, w)
				}
			}
			if tt.wantInText != "" && !strings.Contains(visible(h.Highlight), tt.wantInText) {
				t.Errorf("Highlight %q does not show %q", h.Highlight, tt.wantInText)
			}
		})
	}
}

func TestSnippetWindow(t *testing.T) {
	text := strings.Repeat("alpha ", 100) + "needle " + strings.Repeat("omega ", 100)
	text = strings.TrimSpace(text)
	at := strings.Index(text, "needle")
	got := snippet(text, []span{{at, at + 6, "needl"}}, 200)
	v := visible(got)
	if !strings.HasPrefix(v, "…") || !strings.HasSuffix(v, "…") || !strings.Contains(got, "<mark>needle</mark>") {
		t.Errorf("snippet = %q", got)
	}
	if n := utf8.RuneCountInString(v); n > 200 {
		t.Errorf("%d runes", n)
	}
	if strings.Contains(v, "alph…") || strings.Contains(v, "…mega") {
		t.Errorf("cut inside a word: %q", v)
	}
	if got := snippet("short & sweet", nil, 200); got != "short &amp; sweet" {
		t.Errorf("short text: %q", got)
	}
}

// TestHighlightPhrases: a phrase is marked where it stands whole, stop
// words included, and its words nowhere else; a plain word typed besides
// it is marked wherever it stands.
func TestHighlightPhrases(t *testing.T) {
	ix := newTestIndex(t)
	apply(t, ix,
		question(1, "How is the active stake of a stake pool calculated?", "The active stake of a pool, and the Stake Pools list."),
		question(2, "Node not syncing, sync later", "It is syncing now."),
	)
	for _, tt := range []struct{ query, title, body string }{
		{`"stake pool"`, "How is the active stake of a <mark>stake pool</mark> calculated?",
			"The active stake of a pool, and the <mark>Stake Pools</mark> list."},
		{`active "stake pool"`, "How is the <mark>active</mark> stake of a <mark>stake pool</mark> calculated?",
			"The <mark>active</mark> stake of a pool, and the <mark>Stake Pools</mark> list."},
		{`stake "stake pool"`, "How is the active <mark>stake</mark> of a <mark>stake pool</mark> calculated?",
			"The active <mark>stake</mark> of a pool, and the <mark>Stake Pools</mark> list."},
		// The body does not hold the phrase: the snippet is the title.
		{`"not syncing"`, "Node <mark>not syncing</mark>, sync later", "Node <mark>not syncing</mark>, sync later"},
		{`"stake"`, "How is the active <mark>stake</mark> of a <mark>stake</mark> pool calculated?",
			"The active <mark>stake</mark> of a pool, and the <mark>Stake</mark> Pools list."},
	} {
		res, err := ix.Search(context.Background(), Request{Query: tt.query})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Hits) != 1 {
			t.Fatalf("Search(%q): %d hits", tt.query, len(res.Hits))
		}
		h := res.Hits[0]
		if h.TitleHighlight != tt.title || h.Highlight != tt.body {
			t.Errorf("Search(%q):\ntitle %q\nbody  %q\nwant  %q\n      %q", tt.query, h.TitleHighlight, h.Highlight, tt.title, tt.body)
		}
	}
}
