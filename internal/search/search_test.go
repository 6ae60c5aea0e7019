package search

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// filterFixture is a small index exercising every filter.
func filterFixture(t *testing.T) *Index {
	ix := newTestIndex(t)
	apply(t, ix,
		question(1, "VPN drops every hour", "The VPN client disconnects.", tags("vpn", "windows"), author(10), score(5),
			accepted("Update the VPN client.", 3), created(day("2024-01-10"))),
		question(2, "VPN slow at home", "Throughput is low on the VPN.", tags("vpn"), author(11), score(1),
			answers(2, 2, "Use split tunnel for the VPN."), created(day("2024-02-10"))),
		question(3, "VPN certificate expired", "Certificate warning in the VPN client.", tags("vpn", "certificates"), author(10),
			answers(1, 0, "Ask IT about the VPN."), created(day("2024-03-10")), closed()),
		question(4, "Printer offline", "The printer on floor 3 shows offline.", tags("printing"), author(12), score(-1),
			created(day("2024-04-10"))),
		question(5, "VPN on Linux", "How do I set up the VPN on Ubuntu?", tags("vpn", "linux"), author(11), score(2),
			created(day("2024-05-10")), dupOf(1)),
	)
	return ix
}

func TestSearchFilters(t *testing.T) {
	ix := filterFixture(t)
	tests := []struct {
		query string
		want  []int64
	}{
		{"vpn", []int64{1, 2, 3, 5}},
		{"VPNs", []int64{1, 2, 3, 5}},
		{"[vpn]", []int64{1, 2, 3, 5}},
		{"tag:vpn tag:windows", []int64{1}},
		{"[vpn] -[windows]", []int64{2, 3, 5}},
		{"vpn -certificate", []int64{1, 2, 5}},
		{`vpn -"split tunnel"`, []int64{1, 3, 5}},
		{`"vpn client"`, []int64{1, 3}},
		{"user:10", []int64{1, 3}},
		{"user:11 vpn", []int64{2, 5}},
		{"score:2", []int64{1, 5}},
		{"score:-1", []int64{1, 2, 3, 4, 5}},
		{"answers:1", []int64{1, 2, 3}},
		{"answers:2", []int64{2}},
		{"is:answered", []int64{1, 2}},
		{"is:accepted", []int64{1}},
		{"is:unanswered", []int64{3, 4, 5}},
		{"is:unanswered vpn", []int64{3, 5}},
		{"is:question printer", []int64{4}},
		{"printings", []int64{4}}, // the tag printing, though no text says "printings"
		{"closed:yes", []int64{3, 5}},
		{"closed:no vpn", []int64{1, 2}},
		{"created:>2024-02-10", []int64{3, 4, 5}},
		{"created:<2024-02-10", []int64{1}},
		{"created:<=2024-02-10", []int64{1, 2}},
		{"created:2024-03-10", []int64{3}},
		{"created:>2024-01-31 created:<2024-04-01", []int64{2, 3}},
		{"", []int64{1, 2, 3, 4, 5}},
		{"the of and", nil},
		{`"the of" "and"`, nil},
		{"the [printing]", []int64{4}},
		{"-vpn", []int64{4}},
		{"vpn -windows", []int64{2, 3, 5}},  // 1 is filed under windows, its text never says it
		{"-printings", []int64{1, 2, 3, 5}}, // the tag printing, as "printings" finds it
		{"printings -printings", nil},       // what a word finds, its exclusion leaves out
		{"vpn -windows -linux", []int64{2, 3}},
		{"nonexistentword", nil},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			res, err := ix.Search(context.Background(), Request{Query: tt.query})
			if err != nil {
				t.Fatal(err)
			}
			if got := hitIDs(res.Hits); !sameSet(got, tt.want) || res.Total != uint64(len(tt.want)) {
				t.Errorf("Search(%q) = %v (total %d), want %v", tt.query, got, res.Total, tt.want)
			}
		})
	}
}

// TestSearchNegatedFilters: a minus before a tag or a state drops the
// questions it would select, in every order (relevance and sorted take
// different paths), and a minus before a filter without an opposite is
// left out rather than searched as words.
func TestSearchNegatedFilters(t *testing.T) {
	ix := filterFixture(t)
	tests := []struct {
		query string
		want  []int64
	}{
		{"vpn -[windows]", []int64{2, 3, 5}},
		{"vpn -tag:windows", []int64{2, 3, 5}},
		{"-[vpn]", []int64{4}},
		{"vpn -[linux][certificates]", []int64{1, 2}},
		{"[vpn] -[vpn]", nil},
		{"-is:answered", []int64{3, 4, 5}},
		{"vpn -is:answered", []int64{3, 5}},
		{"-is:unanswered", []int64{1, 2}},
		{"-is:accepted", []int64{2, 3, 4, 5}},
		{"vpn -is:accepted", []int64{2, 3, 5}},
		{"is:answered -is:accepted", []int64{2}},
		{"-closed:yes", []int64{1, 2, 4}},
		{"vpn -closed:no", []int64{3, 5}},
		{"vpn -user:10", []int64{1, 2, 3, 5}},
		{"-user:10 -score:1 -is:question", nil}, // only filters left out: nothing
	}
	for _, tt := range tests {
		for _, sort := range []string{SortRelevance, SortNewest} {
			t.Run(tt.query+" "+sort, func(t *testing.T) {
				res, err := ix.Search(context.Background(), Request{Query: tt.query, Sort: sort})
				if err != nil {
					t.Fatal(err)
				}
				if got := hitIDs(res.Hits); !sameSet(got, tt.want) || res.Total != uint64(len(tt.want)) {
					t.Errorf("Search(%q) = %v (total %d), want %v", tt.query, got, res.Total, tt.want)
				}
			})
		}
	}
}

// TestSearchUnknownUser: user:NAME that the resolver finds nobody for
// matches nothing and says why; a known name filters by its id.
func TestSearchUnknownUser(t *testing.T) {
	ix := filterFixture(t)
	byName := func(name string) (int64, bool, error) { return 10, name == "ada", nil }
	res, err := ix.Search(context.Background(), Request{Query: "vpn user:nobody", UserByName: byName})
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != 0 || !res.Parsed.UnknownUser || res.Parsed.UserName != "nobody" {
		t.Errorf("user:nobody: total %d, parsed %+v", res.Total, res.Parsed)
	}
	// An unknown tag beside it is reported too, in the same answer.
	res, err = ix.Search(context.Background(), Request{Query: "[nosuchtag] vpn user:nobody", UserByName: byName})
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != 0 || !res.Parsed.UnknownUser || !slices.Equal(res.Parsed.UnknownTags, []string{"nosuchtag"}) {
		t.Errorf("[nosuchtag] user:nobody: total %d, parsed %+v", res.Total, res.Parsed)
	}
	res, err = ix.Search(context.Background(), Request{Query: "vpn user:ada", UserByName: byName})
	if err != nil {
		t.Fatal(err)
	}
	if got := hitIDs(res.Hits); !sameSet(got, []int64{1, 3}) || res.Parsed.UnknownUser {
		t.Errorf("user:ada: %v, parsed %+v", got, res.Parsed)
	}
	// Without a resolver nobody looked: nothing matches, but no one can say the user is unknown.
	res, err = ix.Search(context.Background(), Request{Query: "user:ada"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != 0 || res.Parsed.UnknownUser {
		t.Errorf("no resolver: total %d, parsed %+v", res.Total, res.Parsed)
	}
}

func TestSearchExcludeIDs(t *testing.T) {
	ix := filterFixture(t)
	res, err := ix.Search(context.Background(), Request{Query: "vpn", ExcludeIDs: []int64{1, 5}})
	if err != nil {
		t.Fatal(err)
	}
	if got := hitIDs(res.Hits); !sameSet(got, []int64{2, 3}) {
		t.Errorf("got %v", got)
	}
}

func TestSearchSorts(t *testing.T) {
	ix := newTestIndex(t)
	apply(t, ix,
		question(1, "laptop battery", "", score(3), created(day("2024-01-01")), activity(day("2024-06-01"))),
		question(2, "laptop screen", "", score(9), created(day("2024-03-01")), activity(day("2024-03-02"))),
		question(3, "laptop dock", "", score(1), created(day("2024-02-01")), activity(day("2024-07-01"))),
		// Same score as 1, created later the same day: first among equals.
		question(4, "laptop fan", "", score(3), created(day("2024-01-01").Add(23*time.Hour)), activity(day("2024-01-02"))),
	)
	tests := []struct {
		sort string
		want []int64
	}{
		{SortNewest, []int64{2, 3, 4, 1}},
		{SortVotes, []int64{2, 4, 1, 3}},
		{SortActive, []int64{3, 1, 2, 4}},
	}
	for _, tt := range tests {
		t.Run(tt.sort, func(t *testing.T) {
			res, err := ix.Search(context.Background(), Request{Query: "laptop", Sort: tt.sort})
			if err != nil {
				t.Fatal(err)
			}
			if got := hitIDs(res.Hits); !slices.Equal(got, tt.want) {
				t.Errorf("sort %s: %v, want %v", tt.sort, got, tt.want)
			}
		})
	}
}

// created: filters compare whole days (UTC), whatever the time of day.
func TestSearchCreatedFilter(t *testing.T) {
	ix := newTestIndex(t)
	apply(t, ix,
		question(1, "printer jam", "", created(day("2024-01-31"))),
		question(2, "printer toner", "", created(day("2024-01-31").Add(23*time.Hour+59*time.Minute))),
		question(3, "printer driver", "", created(day("2024-02-01"))),
		question(4, "printer cable", "", created(day("2024-01-30").Add(23*time.Hour))),
	)
	tests := []struct {
		q    string
		want []int64
	}{
		{"printer created:2024-01-31", []int64{1, 2}},
		{"printer created:>2024-01-31", []int64{3}},
		{"printer created:>=2024-01-31", []int64{1, 2, 3}},
		{"printer created:<2024-01-31", []int64{4}},
		{"printer created:<=2024-01-31", []int64{1, 2, 4}},
	}
	for _, tt := range tests {
		res, err := ix.Search(context.Background(), Request{Query: tt.q})
		if err != nil {
			t.Fatal(err)
		}
		if got := hitIDs(res.Hits); !sameSet(got, tt.want) {
			t.Errorf("%s: %v, want %v", tt.q, got, tt.want)
		}
	}
}

// Ranked by relevance a question may match some of the words; in an
// explicit order it must hold every one (else a list by date would be led
// by whatever shares one common word).
func TestSearchSortedNeedsEveryWord(t *testing.T) {
	ix := newTestIndex(t)
	apply(t, ix,
		question(1, "laptop battery drains overnight", "", created(day("2024-01-01"))),
		question(2, "laptop screen flickers", "", created(day("2024-03-01"))),
		question(3, "battery of the wireless mouse", "The laptop is fine.", created(day("2024-02-01"))),
	)
	ctx := context.Background()
	for _, tt := range []struct {
		query, sort string
		want        []int64
	}{
		{"laptop battery", SortRelevance, []int64{1, 3, 2}},
		{"laptop battery", SortNewest, []int64{3, 1}},
		{"laptop battery", SortVotes, []int64{3, 1}},
		{"laptop battery", SortActive, []int64{3, 1}},
		{"laptop zeppelin", SortRelevance, []int64{2, 3, 1}},
		{"laptop zeppelin", SortNewest, nil}, // no question holds "zeppelin"
		{"laptop [hardware]", SortNewest, nil},
	} {
		res, err := ix.Search(ctx, Request{Query: tt.query, Sort: tt.sort})
		if err != nil {
			t.Fatal(err)
		}
		got := hitIDs(res.Hits)
		if tt.sort == SortRelevance {
			if !sameSet(got, tt.want) {
				t.Errorf("%q by relevance: %v, want the questions %v", tt.query, got, tt.want)
			}
			continue
		}
		if !slices.Equal(got, tt.want) || res.Total != uint64(len(tt.want)) {
			t.Errorf("%q by %s: %v (total %d), want %v", tt.query, tt.sort, got, res.Total, tt.want)
		}
	}
}

// TestSearchSortedKeepsEveryWordOverBudget: a word only answers hold, next
// to a word in more titles than the lookup budget allows, still must match
// in a sorted search (its lookups are optional ones the budget would drop).
func TestSearchSortedKeepsEveryWordOverBudget(t *testing.T) {
	if testing.Short() {
		t.Skip("indexes 31,000 questions")
	}
	ix := newTestIndex(t)
	apply(t, ix, question(1, "printer driver install", "Nothing here.", answers(1, 1, "Use the zeppelin tool.")))
	var docs []Document
	for i := int64(2); i <= searchBudget+1001; i++ {
		docs = append(docs, question(i, "printer queue q"+strconv.FormatInt(i, 10), "x"))
		if len(docs) == 5000 {
			apply(t, ix, docs...)
			docs = nil
		}
	}
	apply(t, ix, docs...)
	res, err := ix.Search(context.Background(), Request{Query: "printer zeppelin", Sort: SortNewest})
	if err != nil {
		t.Fatal(err)
	}
	if got := hitIDs(res.Hits); res.Total != 1 || !slices.Equal(got, []int64{1}) {
		t.Errorf("printer zeppelin by newest: %v (total %d), want [1]", got, res.Total)
	}
}

func TestSearchRelevance(t *testing.T) {
	ix := newTestIndex(t)
	old := testNow.AddDate(-3, 0, 0)
	apply(t, ix,
		// Same text; only the answer signals differ.
		question(1, "Outlook keeps asking for password", "Outlook keeps asking for my password again.", created(old)),
		question(2, "Outlook keeps asking for password", "Outlook keeps asking for my password again.", created(old),
			accepted("Remove the cached credentials.", 12)),
		question(3, "Outlook keeps asking for password", "Outlook keeps asking for my password again.", created(old),
			answers(1, 4, "Try a new profile.")),
		question(4, "Outlook keeps asking for password", "Outlook keeps asking for my password again.", created(old), dupOf(2),
			accepted("See the other question.", 12)),
		// Title match beats a body-only match.
		question(5, "Calendar sharing", "How do I share an Outlook calendar with a password?", created(old)),
		// Phrase match beats scattered words.
		question(6, "Password for keeps", "Outlook asking, keeps the password.", created(old)),
	)
	apply(t, ix, filler(100, 60)...)
	res, err := ix.Search(context.Background(), Request{Query: "outlook keeps asking for password"})
	if err != nil {
		t.Fatal(err)
	}
	got := hitIDs(res.Hits)
	pos := func(id int64) int { return slices.Index(got, id) }
	for _, order := range [][2]int64{{2, 3}, {3, 1}, {2, 4}, {1, 5}, {1, 6}} {
		if pos(order[0]) < 0 || pos(order[0]) > pos(order[1]) {
			t.Errorf("want %d before %d, got %v", order[0], order[1], got)
		}
	}
}

// filler returns n unrelated questions from id on, so that term
// statistics in small fixtures look like a real index.
func filler(id int64, n int) []Document {
	words := []string{"monitor", "keyboard", "badge", "parking", "canteen", "travel", "expense", "laptop", "docking", "headset", "calendar", "invoice"}
	var out []Document
	for i := range n {
		w1, w2, w3 := words[i%len(words)], words[(i/len(words)+i)%len(words)], words[(i*7+3)%len(words)]
		out = append(out, question(id+int64(i), w1+" "+w2+" problem", "My "+w3+" and "+w1+" do not work.", created(testNow.AddDate(-2, 0, 0))))
	}
	return out
}

func TestSearchAcceptedAnswerOutweighsOtherAnswers(t *testing.T) {
	ix := newTestIndex(t)
	apply(t, ix,
		question(1, "Shared mailbox", "How to add it?", answers(2, 0, "Open the Outlook folder pane and drag it.")),
		question(2, "Shared mailbox", "How to add it?", accepted("Open the Outlook folder pane and drag it.", 0)),
	)
	res, err := ix.Search(context.Background(), Request{Query: "folder pane"})
	if err != nil {
		t.Fatal(err)
	}
	if got := hitIDs(res.Hits); !slices.Equal(got, []int64{2, 1}) {
		t.Errorf("got %v, want [2 1]", got)
	}
}

func TestSearchGermanAndEnglishStemming(t *testing.T) {
	ix := newTestIndex(t)
	apply(t, ix,
		question(1, "Passwörter zurückgesetzt, Anmeldung klappt nicht", "Nach dem Update wurden alle Passwörter zurückgesetzt."),
		question(2, "Printer on floor 2 jams", "The printer jams with A3 paper."),
		question(3, "Datei aus Teams gelöscht", "Wie stelle ich eine gelöschte Datei wieder her?"),
		question(4, "Straßenkarte fehlt", "Die Karte wurde nicht heruntergeladen."),
	)
	tests := []struct {
		query string
		want  []int64
	}{
		{"Passwort zurücksetzen", []int64{1}},
		{"passwort zuruecksetzen", nil}, // no transliteration of ue
		{"printers", []int64{2}},
		{"printing jammed", []int64{2}},
		{"Datei löschen", []int64{3}},
		{"Strassenkarte", []int64{4}},
		{"herunterladen", []int64{4}},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			res, err := ix.Search(context.Background(), Request{Query: tt.query})
			if err != nil {
				t.Fatal(err)
			}
			got := hitIDs(res.Hits)
			if len(tt.want) == 0 {
				return
			}
			if len(got) == 0 || got[0] != tt.want[0] {
				t.Errorf("Search(%q) = %v, want %v first", tt.query, got, tt.want)
			}
		})
	}
}

func TestSearchFacets(t *testing.T) {
	ix := newTestIndex(t)
	var docs []Document
	for i := range 30 {
		tg := []string{"common", fmt.Sprintf("t%02d", i%12)}
		if i%2 == 0 {
			tg = append(tg, "even")
		}
		docs = append(docs, question(int64(i+1), "wifi question", "", tags(tg...)))
	}
	docs = append(docs, question(100, "unrelated", "", tags("other")))
	apply(t, ix, docs...)
	res, err := ix.Search(context.Background(), Request{Query: "wifi", PageSize: 5})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Facets) != 10 {
		t.Fatalf("got %d facets: %v", len(res.Facets), res.Facets)
	}
	if res.Facets[0] != (TagCount{"common", 30}) || res.Facets[1] != (TagCount{"even", 15}) {
		t.Errorf("top facets = %v", res.Facets[:2])
	}
	for _, f := range res.Facets {
		if f.Tag == "other" {
			t.Errorf("facet from outside the result set: %v", f)
		}
	}
	if res.Total != 30 || len(res.Hits) != 5 {
		t.Errorf("total %d, hits %d", res.Total, len(res.Hits))
	}
}

// TestSearchFacetsCountEveryHit: up to facetAllMax hits, a tag facet
// counts every hit, not only the first 200, so its number is the total
// that searching with the tag gives, in every order (also a sorted search
// read from a window) and after deletions; past it, the facets say they
// are the first 200 hits' tags.
func TestSearchFacetsCountEveryHit(t *testing.T) {
	ix := newTestIndex(t)
	ix.windowMin = 50
	var docs []Document
	for i := range 2000 {
		id := int64(i + 1)
		c := created(testNow.AddDate(0, 0, -i))
		if i < 1000 {
			// The best matches: the first 200 hits are all of these.
			docs = append(docs, question(id, "wifi drops", "", tags("wifi", fmt.Sprintf("t%d", i%3)), c, score(i%5)))
			continue
		}
		// Weaker matches (the word in the body only), filed under "late".
		docs = append(docs, question(id, "network trouble", "the wifi again", tags("late", fmt.Sprintf("t%d", i%3)), c, score(i%5)))
	}
	for batch := range slices.Chunk(docs, 500) {
		apply(t, ix, batch...)
	}
	if err := ix.Apply(nil, []int64{1001, 1002, 1}, 1); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for _, sort := range []string{SortRelevance, SortNewest, SortVotes, SortActive} {
		for _, q := range []string{"wifi", "", "is:unanswered"} {
			res, err := ix.Search(ctx, Request{Query: q, Sort: sort})
			if err != nil {
				t.Fatal(err)
			}
			counts := map[string]int{}
			for _, f := range res.Facets {
				counts[f.Tag] = f.Count
				narrowed, err := ix.Search(ctx, Request{Query: q + " [" + f.Tag + "]", Sort: sort})
				if err != nil {
					t.Fatal(err)
				}
				if narrowed.Total != uint64(f.Count) {
					t.Errorf("%s %q: facet %s counts %d, searching with it gives %d", sort, q, f.Tag, f.Count, narrowed.Total)
				}
			}
			if counts["late"] != 998 || counts["wifi"] != 999 || res.Total != 1997 || res.FacetsSampled {
				t.Errorf("%s %q: total %d, facets %v", sort, q, res.Total, res.Facets)
			}
		}
	}
	if ix.windowed.Load() == 0 {
		t.Error("no sorted search was read from a window")
	}

	// Past facetAllMax hits the facets are the first 200 hits' tags, and
	// say so.
	ix.facetMax = 1000
	res, err := ix.Search(ctx, Request{Query: "wifi"})
	if err != nil {
		t.Fatal(err)
	}
	if !res.FacetsSampled || len(res.Facets) == 0 || res.Facets[0] != (TagCount{"wifi", 200}) {
		t.Errorf("sampled facets: %v (sampled %v)", res.Facets, res.FacetsSampled)
	}
}

func TestSearchPaging(t *testing.T) {
	ix := newTestIndex(t)
	var docs []Document
	for i := range 250 {
		docs = append(docs, question(int64(i+1), "network drive", fmt.Sprintf("mapping number %d", i), score(i%7)))
	}
	apply(t, ix, docs...)
	seen := map[int64]bool{}
	for page := 1; page <= 13; page++ {
		res, err := ix.Search(context.Background(), Request{Query: "network drive", Page: page, PageSize: 20})
		if err != nil {
			t.Fatal(err)
		}
		for _, id := range hitIDs(res.Hits) {
			if seen[id] {
				t.Errorf("page %d repeats %d", page, id)
			}
			seen[id] = true
		}
	}
	if len(seen) != 250 {
		t.Errorf("pages covered %d questions, want 250", len(seen))
	}
	// Pages past the results, and past the window any page may reach, have
	// no hits but still the total, for a pager that leads back.
	for _, page := range []int{14, 1000, 1 << 30} {
		for _, sort := range []string{"", SortNewest} {
			res, err := ix.Search(context.Background(), Request{Query: "network", Sort: sort, Page: page, PageSize: 20})
			if err != nil || len(res.Hits) != 0 || res.Total != 250 {
				t.Errorf("page %d sort %q: %d hits of %d, %v", page, sort, len(res.Hits), res.Total, err)
			}
		}
	}
}

func TestSearchParsedAndCancel(t *testing.T) {
	ix := filterFixture(t)
	res, err := ix.Search(context.Background(), Request{Query: "[vpn] with words"})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(res.Parsed.Tags, []string{"vpn"}) || !slices.Equal(res.Parsed.Words, []string{"with", "words"}) {
		t.Errorf("Parsed = %+v", res.Parsed)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := ix.Search(ctx, Request{Query: "vpn"}); err == nil {
		t.Log("search with a cancelled context returned no error (allowed: it may finish first)")
	}
	_ = time.Second
}

// TestSearchRanksATagMatchAboveOneCommonWord: "printer blank pages" puts the
// question filed under [printer] (written in German, so only its tag
// shares a word with the query) above questions that mention "pages" only
// in passing. A tag match scores and counts as one more word matched.
func TestSearchRanksATagMatchAboveOneCommonWord(t *testing.T) {
	ix := newTestIndex(t)
	apply(t, ix,
		question(1, "Drucker im 3. OG druckt nur leere Seiten", "Alle Seiten kommen leer raus, Toner steht auf 100 %.",
			tags("printer", "toner"), accepted("Die Transportsicherung der Kartusche entfernen.", 2)),
		question(2, "Email asks me to re-validate my mailbox", "The link opens a login page that looks like ours. Two pages of text.",
			tags("phishing", "email"), accepted("Report it with the phishing button.", 1)),
		question(3, "git clone fails with an SSL certificate error", "The proxy page says the certificate is unknown.",
			tags("git", "certificates"), accepted("Add the company root certificate.", 1)),
		question(4, "BitLocker recovery key after BIOS update", "A blue page asks for the recovery key.",
			tags("bitlocker", "laptop"), accepted("Look the key up in the portal.", 1)),
		question(5, "Laptop fan is loud", "The fan spins all the time.", tags("laptop")),
	)
	res, err := ix.Search(context.Background(), Request{Query: "printer blank pages", NoHighlight: true})
	if err != nil {
		t.Fatal(err)
	}
	got := hitIDs(res.Hits)
	if len(got) != 4 || got[0] != 1 {
		t.Fatalf("printer blank pages: got %v, want the [printer] question 1 first of 1–4", got)
	}
	// Ordered by an explicit sort, the tag still answers for its word.
	res, err = ix.Search(context.Background(), Request{Query: "printer", Sort: SortNewest, NoHighlight: true})
	if err != nil {
		t.Fatal(err)
	}
	if got := hitIDs(res.Hits); !slices.Equal(got, []int64{1}) {
		t.Fatalf("printer, newest: got %v, want [1]", got)
	}
}

// TestSearchUnknownTags: a tag filter that no question has finds nothing
// and says which tag it was; known tags are not listed.
func TestSearchUnknownTags(t *testing.T) {
	ix := filterFixture(t)
	for _, tt := range []struct {
		query   string
		unknown []string
		total   uint64
	}{
		{"[printng] printer", []string{"printng"}, 0},
		{"[vpn] tag:nosuch [linux] [walet]", []string{"nosuch", "walet"}, 0},
		{"[vpn] [linux]", nil, 1},
		{"-[nosuch] printer", nil, 1}, // leaving out a tag nobody has is no mistake
	} {
		res, err := ix.Search(context.Background(), Request{Query: tt.query})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(res.Parsed.UnknownTags, tt.unknown) || res.Total != tt.total {
			t.Errorf("Search(%q): unknown tags %q, total %d; want %q, %d", tt.query, res.Parsed.UnknownTags, res.Total, tt.unknown, tt.total)
		}
	}
}

// TestSearchPhraseWithStopWords: a quoted phrase keeps its stop words
// ("not syncing" is no "syncing"), in the title, body or accepted answer,
// in every order, with its other words in any form as before ("not sync"
// is "not syncing"; a word typed besides a phrase must match too).
func TestSearchPhraseWithStopWords(t *testing.T) {
	ix := newTestIndex(t)
	apply(t, ix,
		question(1, "Node not syncing after update", "Since 1.35."),
		question(2, "Node syncing slowly", "It is syncing, but not fast."),
		question(3, "Wallet stuck", "My wallet is not syncing since Monday."),
		question(4, "Stuck at 90 %", "Help.", accepted("The node was not syncing: restart it.", 1)),
		question(5, "Printer doesn't work", "Nothing prints."),
		question(6, "How does printing work?", "I wonder."),
		question(7, "Scanner doesn’t work", "Since the update.", answers(1, 0, "It is not syncing.")),
		question(8, "Why not sync it?", "Not synced at all."),
	)
	for _, sort := range []string{SortRelevance, SortNewest} {
		for _, tt := range []struct {
			query string
			want  []int64
		}{
			{`"not syncing"`, []int64{1, 3, 4, 8}},
			{`"NOT Syncing" node`, []int64{1, 4}},
			{`"is not syncing"`, []int64{3}},
			{`"not synced"`, []int64{1, 3, 4, 8}},
			{`"doesn't work"`, []int64{5, 7}},
			{`"doesn’t work"`, []int64{5, 7}},
			{`"does printing work"`, []int64{6}},
			{`"not syncing" "doesn't work"`, nil},
			{`"not syncing" -wallet`, []int64{1, 4, 8}},
			{`"not slowly"`, nil},
			{`syncing -"not syncing"`, []int64{2, 7}}, // 7 has it in an answer other than the accepted one
			{`syncing -"is not syncing"`, []int64{1, 2, 4, 7, 8}},
			{`syncing -"no such thing"`, []int64{1, 2, 3, 4, 7, 8}},
			{`syncing`, []int64{1, 2, 3, 4, 7, 8}},
		} {
			res, err := ix.Search(context.Background(), Request{Query: tt.query, Sort: sort})
			if err != nil {
				t.Fatal(err)
			}
			if got := hitIDs(res.Hits); !sameSet(got, tt.want) || res.Total != uint64(len(tt.want)) {
				t.Errorf("%s: Search(%q) = %v (total %d), want %v", sort, tt.query, got, res.Total, tt.want)
			}
		}
	}
}

// TestSearchStopWordsOnly: a query whose words are all stop words says so
// (whichever apostrophe they are typed with); one with a searchable word
// does not.
func TestSearchStopWordsOnly(t *testing.T) {
	ix := filterFixture(t)
	for _, tt := range []struct {
		query    string
		stopOnly bool
		total    uint64
	}{
		{"don't", true, 0},
		{"the can’t", true, 0},
		{`"how to"`, true, 0},
		{"the [printing]", true, 1},
		{"the printer", false, 1},
		{"[printing]", false, 1},
		{"nonexistentword", false, 0},
	} {
		res, err := ix.Search(context.Background(), Request{Query: tt.query})
		if err != nil {
			t.Fatal(err)
		}
		if res.Parsed.StopWordsOnly != tt.stopOnly || res.Total != tt.total {
			t.Errorf("Search(%q): stop words only %v, total %d; want %v, %d", tt.query, res.Parsed.StopWordsOnly, res.Total, tt.stopOnly, tt.total)
		}
	}
}

// TestExcludedPhraseAmongWhatTheSearchFinds: an excluded phrase with stop
// words is looked for among the questions the rest of the search finds, not
// among the best matches of its words on the whole site, so a question that
// says it is left out however many others say its words more often.
func TestExcludedPhraseAmongWhatTheSearchFinds(t *testing.T) {
	ix := newTestIndex(t)
	docs := []Document{question(1, "VPN client stops", "The tunnel is not syncing its routes.", tags("vpn")),
		question(2, "VPN client slow", "Routes load slowly.", tags("vpn"))}
	for i := int64(0); i < 1100; i++ { // more than the phrase check reads, each saying "syncing" more
		docs = append(docs, question(100+i, "Syncing syncing "+strconv.FormatInt(i, 10), "Syncing, syncing and syncing again."))
	}
	apply(t, ix, docs...)
	for _, sort := range []string{SortRelevance, SortNewest} {
		res, err := ix.Search(context.Background(), Request{Query: `[vpn] -"not syncing"`, Sort: sort})
		if err != nil {
			t.Fatal(err)
		}
		if got := hitIDs(res.Hits); !sameSet(got, []int64{2}) {
			t.Errorf("%s: [vpn] -\"not syncing\" = %v, want [2]", sort, got)
		}
	}
}

// TestSearchReadsTypos: a word no question holds, long enough, is searched
// as the nearest word some question holds (whatever the order), is named
// in Parsed.NearWords, and its match is highlighted; a typo of a word typed
// already is that word; a short unknown word and a real word are not read
// as typos.
func TestSearchReadsTypos(t *testing.T) {
	ix := newTestIndex(t)
	apply(t, ix,
		question(1, "Printer jams on the third floor", "The printer pulls two sheets at once."),
		question(2, "Expense report rejected", "My expense report was rejected without a reason."),
		question(3, "Blank pages", "Every page comes out blank."))
	for _, tt := range []struct {
		query string
		sort  string
		want  []int64
		near  []string
	}{
		{"pritner", SortRelevance, []int64{1}, []string{"pritner"}},
		{"pritner", SortNewest, []int64{1}, []string{"pritner"}},
		{"expnse reprot", SortNewest, []int64{2}, []string{"expnse", "reprot"}},
		{"printer pritner", SortNewest, []int64{1}, []string{"pritner"}},
		{"printer", SortRelevance, []int64{1}, nil},
		{"blnk", SortRelevance, nil, nil}, // four letters: too short to be read as a typo
		{"qwertzuiop", SortRelevance, nil, nil},
	} {
		res, err := ix.Search(context.Background(), Request{Query: tt.query, Sort: tt.sort})
		if err != nil {
			t.Fatal(err)
		}
		if got := hitIDs(res.Hits); !sameSet(got, tt.want) {
			t.Errorf("Search(%q, %s) = %v, want %v", tt.query, tt.sort, got, tt.want)
		}
		if !slices.Equal(res.Parsed.NearWords, tt.near) {
			t.Errorf("Search(%q, %s): near words %q, want %q", tt.query, tt.sort, res.Parsed.NearWords, tt.near)
		}
	}
	res, err := ix.Search(context.Background(), Request{Query: "pritner"})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) != 1 || !strings.Contains(res.Hits[0].TitleHighlight, "<mark>Printer</mark>") {
		t.Errorf("pritner: hits %+v, want the printer question with Printer marked", res.Hits)
	}
}

// TestSeveralExcludedPhrasesWithStopWords: each excluded phrase with stop
// words leaves out the questions holding it word for word (checked for all
// of them in one pass), and keeps those holding its other words alone.
func TestSeveralExcludedPhrasesWithStopWords(t *testing.T) {
	ix := newTestIndex(t)
	apply(t, ix,
		question(1, "VPN client stops", "The tunnel is not syncing its routes."),
		question(2, "VPN client slow", "Routes load slowly, syncing and connecting take long."),
		question(3, "VPN drops", "It is not connecting at all."),
		question(4, "VPN certificate", "The certificate is out of date."))
	for _, sort := range []string{SortRelevance, SortNewest} {
		res, err := ix.Search(context.Background(), Request{Query: `vpn -"not syncing" -"not connecting" -"is the"`, Sort: sort})
		if err != nil {
			t.Fatal(err)
		}
		if got := hitIDs(res.Hits); !sameSet(got, []int64{2, 4}) {
			t.Errorf("%s: = %v, want [2 4]", sort, got)
		}
	}
}
