package search

import (
	"context"
	"encoding/json"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2/search/query"
)

func TestSimilar(t *testing.T) {
	ix := newTestIndex(t)
	apply(t, ix,
		question(1, "Cannot connect to VPN from home office", "The VPN client says the gateway is unreachable."),
		question(2, "Cannot connect to VPN from home office", "The VPN client says the gateway is unreachable.",
			accepted("Restart the VPN service.", 5)),
		question(3, "VPN gateway unreachable", "Connecting from home fails.", dupOf(2)),
		question(4, "VPN gateway unreachable at home", "Connecting from home fails.", dupOf(9)),
		question(9, "Home office VPN gateway unreachable", "It worked yesterday."),
		question(5, "Printer toner empty", "Where do I get toner?"),
		question(6, "Drucker im 3. OG druckt nur leere Seiten", "Seit gestern kommen nur weiße Blätter.", accepted("Tauschen Sie die Tonerkartusche.", 3)),
		question(7, "My printer on floor 2 prints blank pages", "Only white sheets come out.", dupOf(6)),
	)
	apply(t, ix, filler(100, 40)...)
	ctx := context.Background()
	t.Run("answered first among close matches", func(t *testing.T) {
		hits, err := ix.Similar(ctx, "Can't connect to the VPN from my home office", "Gateway unreachable.", 10, 0)
		if err != nil {
			t.Fatal(err)
		}
		got := hitIDs(hits)
		if len(got) < 2 || got[0] != 2 || got[1] != 1 {
			t.Errorf("got %v, want 2 then 1 first", got)
		}
		if slices.Contains(got, 3) || slices.Contains(got, 4) {
			t.Errorf("closed duplicates listed: %v", got)
		}
		if slices.Contains(got, 5) {
			t.Errorf("unrelated question listed: %v", got)
		}
	})
	t.Run("excludes the question itself, keeps its duplicates", func(t *testing.T) {
		hits, err := ix.Similar(ctx, "Home office VPN gateway unreachable", "It worked yesterday.", 10, 9)
		if err != nil {
			t.Fatal(err)
		}
		got := hitIDs(hits)
		if slices.Contains(got, 9) || slices.Contains(got, 3) || !slices.Contains(got, 4) {
			t.Errorf("got %v: want 4 (a duplicate of 9) but not 9 or 3", got)
		}
	})
	t.Run("a duplicate's words lead to its original", func(t *testing.T) {
		hits, err := ix.Similar(ctx, "Printer prints blank pages", "", 10, 0)
		if err != nil {
			t.Fatal(err)
		}
		if got := hitIDs(hits); len(got) == 0 || got[0] != 6 || slices.Contains(got, 7) {
			t.Errorf("got %v, want 6 (the original of 7) first and 7 not at all", got)
		}
	})
	t.Run("limit", func(t *testing.T) {
		hits, err := ix.Similar(ctx, "VPN home office gateway", "", 1, 0)
		if err != nil || len(hits) != 1 {
			t.Errorf("got %v, %v", hitIDs(hits), err)
		}
	})
	t.Run("nothing searchable", func(t *testing.T) {
		for _, in := range [][2]string{{"", ""}, {"the and of", "is it"}, {"*?!", "<script>"}} {
			hits, err := ix.Similar(ctx, in[0], in[1], 10, 0)
			if err != nil || len(hits) != 0 {
				t.Errorf("Similar(%q) = %v, %v", in, hitIDs(hits), err)
			}
		}
	})
	t.Run("a word in capitals is a name, not a stop word", func(t *testing.T) {
		apply(t, ix, question(30, "IM client drops messages", "The chat app loses them."))
		hits, err := ix.Similar(ctx, "IM keeps crashing", "", 5, 0)
		if err != nil || !slices.Contains(hitIDs(hits), 30) {
			t.Errorf("IM: got %v, %v; want 30", hitIDs(hits), err)
		}
		hits, err = ix.Similar(ctx, "Kaffeemaschine im Hotel kaputt", "", 5, 0)
		if err != nil || slices.Contains(hitIDs(hits), 30) {
			t.Errorf("German im: got %v, %v; want no 30", hitIDs(hits), err)
		}
	})
	t.Run("german", func(t *testing.T) {
		apply(t, ix, question(20, "Passwörter wurden zurückgesetzt", "Seit heute früh."))
		hits, err := ix.Similar(ctx, "Passwort zurücksetzen", "", 5, 0)
		if err != nil || len(hits) == 0 || hits[0].ID != 20 {
			t.Errorf("got %v, %v", hitIDs(hits), err)
		}
	})
}

// TestSuggestNeedsHalfTheProblem: Get-help suggestions must share at least
// half of the problem's words; a problem that shares only a common word with
// the site gets none (a content gap), where a search for that word lists
// every question with it (Similar is as strict, see
// TestSimilarNeedsHalfTheTitle).
func TestSuggestNeedsHalfTheProblem(t *testing.T) {
	ix := newTestIndex(t)
	apply(t, ix,
		question(1, "Beamer im Konferenzraum zeigt kein Bild", "Der Beamer bleibt schwarz, das Kabel steckt."),
		question(2, "OneDrive zeigt Dateien doppelt an", "Nach dem Update sind alle Dateien zweimal da."),
		question(3, "Outlook zeigt keine neuen Mails", "Der Posteingang aktualisiert sich nicht mehr."),
	)
	ctx := context.Background()
	problem := "Drucker im dritten Stock zeigt Fehler 59"
	loose, err := ix.Search(ctx, Request{Query: "zeigt"})
	if err != nil {
		t.Fatal(err)
	}
	if loose.Total == 0 {
		t.Fatal("search found nothing for a shared word; the test no longer shows the difference")
	}
	hits, err := ix.Suggest(ctx, problem, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(hits) != 0 {
		t.Errorf("Suggest listed questions sharing only a common word: %v", hitIDs(hits))
	}
	hits, err = ix.Suggest(ctx, "Der Beamer im Konferenzraum zeigt nichts", 10)
	if err != nil {
		t.Fatal(err)
	}
	if got := hitIDs(hits); len(got) != 1 || got[0] != 1 {
		t.Errorf("Suggest = %v, want only the beamer question", got)
	}
	// Half the words is not enough when that half is the common words: a
	// question must hold one of the specific ones.
	apply(t, ix,
		question(4, "How do I add the FollowMe printer on a Mac?", "The printer is not listed in the settings."),
		question(5, "VPN drops every 10 minutes when working from home", "Working from home the VPN drops."),
		question(6, "Install Python without admin rights", "pip is not working without admin."),
		question(7, "WSL has no DNS", "DNS is not working in WSL while on the VPN."),
	)
	if hits, err := ix.Suggest(ctx, "printer not working", 10); err != nil || !slices.Equal(hitIDs(hits), []int64{4}) {
		t.Errorf("Suggest(printer not working) = %v, %v; want only the printer question", hitIDs(hits), err)
	}
	if hits, err := ix.Suggest(ctx, "vpn drops working from home", 10); err != nil || len(hits) == 0 || hits[0].ID != 5 {
		t.Errorf("Suggest(vpn drops working from home) = %v, %v", hitIDs(hits), err)
	}
	// One word is the whole problem: it must match.
	if hits, err := ix.Suggest(ctx, "OneDrive", 10); err != nil || len(hits) != 1 || hits[0].ID != 2 {
		t.Errorf("Suggest(OneDrive) = %v, %v", hits, err)
	}
}

// TestSuggestReadsATypoAsTheWord: Get help reads a word no question holds
// as the one a letter away that some question holds, and a typo of a word
// typed already as that word, once.
func TestSuggestReadsATypoAsTheWord(t *testing.T) {
	ix := newTestIndex(t)
	apply(t, ix, question(1, "Printer prints blank pages", "The printer on floor 3 prints blank pages."))
	ctx := context.Background()
	plan, unknown, err := ix.planSimilar(ctx, words("pritner"), nil, nil, true)
	if err != nil || unknown != 0 || len(plan) != 1 || firstOr(plan[0].en, "") != "printer" {
		t.Fatalf("plan of a typo: %+v, unknown %d, %v", plan, unknown, err)
	}
	plan, unknown, err = ix.planSimilar(ctx, words("printer pritner"), nil, nil, true)
	if err != nil || unknown != 0 || len(plan) != 1 {
		t.Fatalf("plan of a word and its typo: %+v, unknown %d, %v", plan, unknown, err)
	}
	if hits, err := ix.Suggest(ctx, "pritner blank", 5); err != nil || len(hits) != 1 || hits[0].ID != 1 {
		t.Fatalf("Suggest with a typo: %v, %v", hitIDs(hits), err)
	}
}

// TestSuggestTakesATagForNoTypo: a word that only a tag holds is that tag,
// not a typo of a word the text holds ("wiki" for "wifi").
func TestSuggestTakesATagForNoTypo(t *testing.T) {
	ix := newTestIndex(t)
	apply(t, ix,
		question(1, "Gäste-WLAN für einen Kundenbesuch einrichten", "Wie bekommt ein Gast Zugang zum WLAN?", tags("wifi")),
		question(2, "Where is the team wiki?", "I cannot find the wiki of my team."),
	)
	if hits, err := ix.Suggest(context.Background(), "guest wifi", 5); err != nil || len(hits) == 0 || hits[0].ID != 1 {
		t.Fatalf("Suggest(guest wifi) = %v, %v; want the question tagged wifi", hitIDs(hits), err)
	}
	plan, _, err := ix.planSimilar(context.Background(), words("wifi"), nil, nil, true)
	if err != nil || len(plan) != 1 || !slices.Equal(plan[0].tags, []string{"wifi"}) || firstOr(plan[0].en, "") == "wiki" {
		t.Fatalf("plan of wifi: %+v, %v", plan, err)
	}
}

// TestSuggestBoundsTypoLookups: at most maxTypos words of a problem are
// looked up as typos, so a line of gibberish costs little.
func TestSuggestBoundsTypoLookups(t *testing.T) {
	ix := newTestIndex(t)
	apply(t, ix, question(1, "printer scanner monitor keyboard headset laptop docking", "Hardware of the office."))
	plan, _, err := ix.planSimilar(context.Background(), words("pritner scnaner montior keybaord hedaset lpatop dokcing"), nil, nil, true)
	if err != nil {
		t.Fatal(err)
	}
	if len(plan) != maxTypos {
		t.Fatalf("%d words read as typos, want %d: %+v", len(plan), maxTypos, plan)
	}
}

// TestSuggestLeavesShortWordsAndFillersAlone: a short word the site does
// not hold is no typo of one it holds ("blank" is not "black"), and the
// courtesies of a problem are no words of it.
func TestSuggestLeavesShortWordsAndFillersAlone(t *testing.T) {
	ix := newTestIndex(t)
	apply(t, ix, question(1, "Second monitor stays black after the update", "The monitor on the dock is black.", tags("monitor")),
		question(2, "Please help: laptop is slow", "Please help, the laptop is slow since Monday."))
	plan, unknown, err := ix.planSimilar(context.Background(), words("blank pages"), nil, nil, true)
	if err != nil || len(plan) != 0 || unknown != 2 {
		t.Fatalf("plan of blank pages: %+v, unknown %d, %v", plan, unknown, err)
	}
	plan, _, err = ix.planSimilar(context.Background(), words("please help, I can't print"), nil, nil, true)
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range plan {
		if slices.Contains(w.en, "pleas") || slices.Contains(w.en, "help") || slices.Contains(w.en, "can't") {
			t.Fatalf("a filler is a word of the problem: %+v", plan)
		}
	}
}

// TestSuggestReadsProseNotSyntax: a problem typed on Get help is plain
// words: "-toner" is the word toner, not an exclusion, "[hr]" the word hr,
// not a tag filter.
func TestSuggestReadsProseNotSyntax(t *testing.T) {
	if got := ProblemWords(`My printer -toner [hr] "quotes" is:open`); !slices.Equal(got, []string{"My", "printer", "toner", "hr", "quotes", "is", "open"}) {
		t.Fatalf("ProblemWords = %q", got)
	}
	ix := newTestIndex(t)
	apply(t, ix,
		question(1, "Printer toner smudges", "Grey stripes on every page.", tags("printer")),
		question(2, "Printer toner order for HR", "Who orders toner for the HR printer?", tags("hr")),
	)
	hits, err := ix.Suggest(context.Background(), "printer -toner [hr]", 5)
	if err != nil {
		t.Fatal(err)
	}
	if got := hitIDs(hits); len(got) == 0 || got[0] != 2 || !slices.Contains(got, 1) {
		t.Fatalf("Suggest(printer -toner [hr]) = %v, want 2 (toner, hr) first and 1 (toner) too", got)
	}
}

// TestSimilarFindsATagNamedLikeAStopWord: a title word that names a tag
// finds the questions filed under it even when it is a stop word of
// either language ("war", "it", "im"); a stop word that names no tag
// stays out.
func TestSimilarFindsATagNamedLikeAStopWord(t *testing.T) {
	ix := newTestIndex(t)
	apply(t, ix,
		question(1, "Ausstellung zur Geschichte", "Öffnungszeiten der Ausstellung im Museum.", tags("war")),
		question(2, "Wen rufe ich bei Störungen an?", "Die Hotline ist besetzt.", tags("it")),
		question(3, "Chat client loses messages", "The messenger drops them.", tags("im")),
		question(4, "Kaffeemaschine im Büro leer", "Wer füllt sie auf?"),
	)
	apply(t, ix, filler(100, 20)...)
	ctx := context.Background()
	for _, c := range []struct {
		title string
		want  int64
	}{
		{"exhibition about the war", 1},
		{"who to call in it", 2},
		{"im keeps crashing", 3},
	} {
		hits, err := ix.Similar(ctx, c.title, "", 5, 0)
		if err != nil || len(hits) == 0 || hits[0].ID != c.want {
			t.Errorf("Similar(%q) = %v, %v; want %d first", c.title, hitIDs(hits), err, c.want)
		}
		hits, err = ix.Suggest(ctx, c.title, 5)
		if err != nil || len(hits) == 0 || hits[0].ID != c.want {
			t.Errorf("Suggest(%q) = %v, %v; want %d first", c.title, hitIDs(hits), err, c.want)
		}
	}
	// "the" and "im" name no tag here and are still no words of a title.
	plan, _, err := ix.planSimilar(ctx, words("the calendar"), nil, nil, false)
	if err != nil || len(plan) != 1 {
		t.Errorf("plan of the calendar: %+v, %v", plan, err)
	}
	hits, err := ix.Similar(ctx, "im Hotel", "", 5, 0)
	if err != nil || slices.Contains(hitIDs(hits), 4) {
		t.Errorf("Similar(im Hotel) = %v, %v; the German question with im in its title listed", hitIDs(hits), err)
	}
}

// TestSimilarCountsATagOnce: words that name the same tag ("printer
// printers", "wifi wi-fi") make one match of it, not one per word: a
// question filed under the tag scores as for the tag named once.
func TestSimilarCountsATagOnce(t *testing.T) {
	ix := newTestIndex(t)
	apply(t, ix,
		question(1, "Gäste-WLAN einrichten", "Wie bekommt ein Gast Zugang?", tags("wifi")),
		question(2, "Drucker druckt nur leere Seiten", "Seit gestern.", tags("printer")),
		question(3, "Printer toner empty", "Where is the toner?"),
	)
	apply(t, ix, filler(100, 20)...)
	ctx := context.Background()
	score := func(find func() ([]Hit, error), id int64) float64 {
		t.Helper()
		hits, err := find()
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range hits {
			if h.ID == id {
				return h.Score
			}
		}
		t.Fatalf("question %d not found: %v", id, hitIDs(hits))
		return 0
	}
	for _, p := range []string{"wifi wi-fi", "wifi Wi-Fi wifi", "wifi wifi", "wifi wifis"} {
		once := score(func() ([]Hit, error) { return ix.Similar(ctx, "wifi", "", 5, 0) }, 1)
		if got := score(func() ([]Hit, error) { return ix.Similar(ctx, p, "", 5, 0) }, 1); math.Abs(got-once) > 1e-9 {
			t.Errorf("Similar(%q) scores the wifi question %.4f, Similar(wifi) %.4f", p, got, once)
		}
		once = score(func() ([]Hit, error) { return ix.Suggest(ctx, "wifi", 5) }, 1)
		if got := score(func() ([]Hit, error) { return ix.Suggest(ctx, p, 5) }, 1); math.Abs(got-once) > 1e-9 {
			t.Errorf("Suggest(%q) scores the wifi question %.4f, Suggest(wifi) %.4f", p, got, once)
		}
	}
	// "printer" and "printers" are two words (their German stems differ)
	// naming one tag: the query holds one clause of it (in what it scores;
	// its filter, titleRule, scores nothing).
	q, _, err := ix.similarQuery(ctx, "printer printers", "", nil, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	js, err := json.Marshal(q.(*query.BooleanQuery).Must)
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(js), `"term":"printer","field":"tags"`); n != 1 {
		t.Errorf("the tag printer is %d clauses of the query, want 1: %s", n, js)
	}
}

// TestSuggestTakesAStopWordTagAsNoTopic: on Get help, a stop word that
// names a tag ("it") counts as a word matched by that tag, but is no
// specific word: the tag alone lets no question in.
func TestSuggestTakesAStopWordTagAsNoTopic(t *testing.T) {
	ix := newTestIndex(t)
	apply(t, ix,
		question(1, "Wen rufe ich bei Störungen an?", "Die Hotline ist besetzt.", tags("it")),
		question(2, "Laptop is slow after the update", "It takes minutes to start.", tags("laptop")),
	)
	apply(t, ix, filler(100, 20)...)
	hits, err := ix.Suggest(context.Background(), "my laptop is slow and it crashes", 5)
	if err != nil {
		t.Fatal(err)
	}
	if got := hitIDs(hits); len(got) == 0 || got[0] != 2 || slices.Contains(got, 1) {
		t.Errorf("Suggest = %v, want 2 and not 1 (tagged it, nothing else in common)", got)
	}
}
