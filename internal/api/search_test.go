package api_test

import (
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"stackdesk/internal/store"
	"stackdesk/internal/store/storetest"
	"stackdesk/internal/testkit"
	"stackdesk/internal/testkit/race"
)

func TestSearchAndSimilarAPI(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		_, ada := env.SignUp(t, "ada")
		_, bob := env.SignUp(t, "bob")
		vpn := env.Ask(t, ada, "VPN disconnects every ten minutes on Windows", "vpn", "windows")
		printer := env.Ask(t, ada, "Printer on floor 3 prints blank pages", "printer")
		env.Ask(t, bob, "Passwörter zurückgesetzt, Anmeldung geht nicht", "passwort")
		a := env.Answer(t, bob, vpn, "Update the VPN client to version 5 and reconnect; the idle timeout was fixed.")
		if res := env.API(t, "POST", "/answers/"+itoa(a)+"/accept", ada, nil); res.Status != 200 {
			t.Fatalf("accept: %d %s", res.Status, res.Body)
		}
		env.Searchable(t)

		res := env.API(t, "GET", "/search?q="+url.QueryEscape("vpn disconnect"), "", nil)
		if res.Status != 200 {
			t.Fatalf("search: %d %s", res.Status, res.Body)
		}
		var sr struct {
			Items []struct {
				ID                int64
				Title             string
				IsAnswered        bool `json:"is_answered"`
				HasAcceptedAnswer bool `json:"has_accepted_answer"`
				Highlight         string
				Tags              []string
			}
			Total  int
			Facets struct{ Tags []struct{ Tag string } }
		}
		res.JSON(t, &sr)
		if sr.Total != 1 || sr.Items[0].ID != vpn || !sr.Items[0].HasAcceptedAnswer || !sr.Items[0].IsAnswered {
			t.Fatalf("search result = %+v", sr)
		}
		if !strings.Contains(sr.Items[0].Highlight, "<mark>") || len(sr.Facets.Tags) == 0 {
			t.Fatalf("highlight %q facets %v", sr.Items[0].Highlight, sr.Facets)
		}
		// Stemming in both languages, and tag filters.
		for q, want := range map[string]int64{"printers": printer, "[printer] blank": printer, "tag:vpn": vpn} {
			res := env.API(t, "GET", "/search?q="+url.QueryEscape(q), "", nil)
			res.JSON(t, &sr)
			if sr.Total != 1 || sr.Items[0].ID != want {
				t.Errorf("search %q: %+v", q, sr)
			}
		}
		res = env.API(t, "GET", "/search?q="+url.QueryEscape("Passwort zurücksetzen"), "", nil)
		res.JSON(t, &sr)
		if sr.Total != 1 {
			t.Errorf("German inflection: %+v", sr)
		}
		// A filter whose value cannot be read is named, not searched as words.
		var ig struct {
			Total  int
			Parsed struct{ Words, Ignored []string }
		}
		env.API(t, "GET", "/search?q="+url.QueryEscape("printer created:>2026-13-45"), "", nil).JSON(t, &ig)
		if ig.Total != 1 || fmt.Sprint(ig.Parsed.Words) != "[printer]" || fmt.Sprint(ig.Parsed.Ignored) != "[created:>2026-13-45]" {
			t.Errorf("a filter that cannot be read: %+v", ig)
		}
		if res := env.API(t, "GET", "/search?q=x&sort=loudest", "", nil); res.Status != http.StatusUnprocessableEntity {
			t.Errorf("bad sort: %d", res.Status)
		}
		// Similar questions, answered first with the accepted answer's first words.
		res = env.API(t, "GET", "/questions/similar?limit=5&title="+url.QueryEscape("my vpn keeps disconnecting"), "", nil)
		var sim struct {
			Items []struct {
				ID              int64
				AcceptedExcerpt string `json:"accepted_excerpt"`
			}
		}
		res.JSON(t, &sim)
		if len(sim.Items) == 0 || sim.Items[0].ID != vpn || !strings.Contains(sim.Items[0].AcceptedExcerpt, "Update the VPN client") {
			t.Fatalf("similar = %s", res.Body)
		}
		if res := env.API(t, "GET", "/questions/similar?title=vpn&limit=abc", "", nil); res.Status != http.StatusUnprocessableEntity {
			t.Errorf("similar with limit=abc: %d", res.Status)
		}
		if res := env.API(t, "GET", "/questions/similar?title=", "", nil); res.Status != http.StatusUnprocessableEntity {
			t.Errorf("similar without title: %d", res.Status)
		}
	})
}

// TestSearchNegationAndUnknownUserAPI: negated filters are applied and
// echoed in parsed, a minus with no opposite is named in parsed.ignored,
// user:NAME naming nobody says so in parsed.unknown_user, and a tag filter
// no question has in parsed.unknown_tags, with the tags like it.
func TestSearchNegationAndUnknownUserAPI(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		adaID, ada := env.SignUp(t, "ada")
		_, bob := env.SignUp(t, "bob")
		vpn := env.Ask(t, ada, "VPN disconnects every ten minutes on Windows", "vpn", "windows")
		mac := env.Ask(t, ada, "VPN will not connect on the Mac", "vpn", "macos")
		a := env.Answer(t, bob, vpn, "Update the VPN client to version 5 and reconnect.")
		if res := env.API(t, "POST", "/answers/"+itoa(a)+"/accept", ada, nil); res.Status != 200 {
			t.Fatalf("accept: %d %s", res.Status, res.Body)
		}
		env.Searchable(t)

		type parsed struct {
			Words        []string
			ExcludedTags []string `json:"excluded_tags"`
			NotAccepted  bool     `json:"not_accepted"`
			Unanswered   bool
			Closed       *bool
			Ignored      []string
			UnknownUser  *string             `json:"unknown_user"`
			UnknownID    int64               `json:"unknown_user_id"`
			UnknownTags  []string            `json:"unknown_tags"`
			SimilarTags  map[string][]string `json:"similar_tags"`
			StopOnly     bool                `json:"stop_words_only"`
			NearWords    []string            `json:"near_words"`
			NearAs       []string            `json:"near_as"`
			Corrected    string
		}
		var sr struct {
			Items  []struct{ ID int64 }
			Total  int
			Parsed parsed
		}
		search := func(q string, more ...string) {
			t.Helper()
			sr.Items, sr.Parsed = nil, parsed{}
			res := env.API(t, "GET", "/search?q="+url.QueryEscape(q)+strings.Join(more, ""), "", nil)
			if res.Status != http.StatusOK {
				t.Fatalf("search %q: %d %s", q, res.Status, res.Body)
			}
			res.JSON(t, &sr)
		}

		search("vpn -[windows]")
		if sr.Total != 1 || sr.Items[0].ID != mac || fmt.Sprint(sr.Parsed.ExcludedTags) != "[windows]" {
			t.Errorf("vpn -[windows]: %+v", sr)
		}
		search("vpn -is:answered -closed:yes")
		if sr.Total != 1 || sr.Items[0].ID != mac || !sr.Parsed.Unanswered || sr.Parsed.Closed == nil || *sr.Parsed.Closed {
			t.Errorf("vpn -is:answered -closed:yes: %+v", sr)
		}
		search("vpn -is:accepted -user:bob")
		if sr.Total != 1 || sr.Items[0].ID != mac || !sr.Parsed.NotAccepted || fmt.Sprint(sr.Parsed.Ignored) != "[-user:bob]" ||
			fmt.Sprint(sr.Parsed.Words) != "[vpn]" {
			t.Errorf("vpn -is:accepted -user:bob: %+v", sr)
		}

		search("vpn user:nosuchname")
		if sr.Total != 0 || sr.Parsed.UnknownUser == nil || *sr.Parsed.UnknownUser != "nosuchname" {
			t.Errorf("user:nosuchname: %+v", sr)
		}
		// A tag no question has beside it is reported in the same answer.
		search("[nosuchtag] vpn user:nosuchname")
		if sr.Total != 0 || sr.Parsed.UnknownUser == nil || *sr.Parsed.UnknownUser != "nosuchname" ||
			fmt.Sprint(sr.Parsed.UnknownTags) != "[nosuchtag]" {
			t.Errorf("[nosuchtag] user:nosuchname: %+v", sr)
		}
		search("vpn user:Ada")
		if sr.Total != 2 || sr.Parsed.UnknownUser != nil {
			t.Errorf("user:Ada: %+v", sr)
		}
		// A number no user has is said too; a user's number is no notice.
		search("vpn user:99999")
		if sr.Total != 0 || sr.Parsed.UnknownID != 99999 || sr.Parsed.UnknownUser != nil {
			t.Errorf("user:99999: %+v", sr)
		}
		search("vpn user:" + itoa(adaID))
		if sr.Total != 2 || sr.Parsed.UnknownID != 0 {
			t.Errorf("user:ID of ada: %+v", sr)
		}

		search("[vpm] [windows] disconnects")
		if sr.Total != 0 || fmt.Sprint(sr.Parsed.UnknownTags) != "[vpm]" || fmt.Sprint(sr.Parsed.SimilarTags) != "map[vpm:[vpn]]" {
			t.Errorf("[vpm] [windows]: %+v", sr)
		}
		search("[vpn] [windows] disconnects")
		if sr.Total != 1 || sr.Parsed.UnknownTags != nil || sr.Parsed.SimilarTags != nil {
			t.Errorf("[vpn] [windows]: %+v", sr)
		}
		search("how to don't")
		if sr.Total != 0 || !sr.Parsed.StopOnly {
			t.Errorf("how to don't: %+v", sr)
		}
		search("how to disconnect")
		if sr.Total != 1 || sr.Parsed.StopOnly {
			t.Errorf("how to disconnect: %+v", sr)
		}
		search("disconects")
		if sr.Total != 1 || sr.Items[0].ID != vpn || fmt.Sprint(sr.Parsed.NearWords) != "[disconects]" ||
			fmt.Sprint(sr.Parsed.NearAs) != "[disconnects]" || sr.Parsed.Corrected != "disconnects" {
			t.Errorf("disconects: %+v", sr)
		}
		// exact=1 searches the words as typed.
		search("disconects", "&exact=1")
		if sr.Total != 0 || sr.Parsed.NearWords != nil || sr.Parsed.Corrected != "" {
			t.Errorf("disconects, exact: %+v", sr)
		}
		if res := env.API(t, "GET", "/search?q=disconects&exact=yes", "", nil); res.Status != http.StatusUnprocessableEntity || !strings.Contains(string(res.Body), `"exact"`) {
			t.Errorf("exact=yes: %d %s", res.Status, res.Body)
		}
	})
}

// TestSearchBadInput sends abusive queries: each answers within 200 ms with
// a result or a 422, never a 500.
func TestSearchBadInput(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	_, ada := env.SignUp(t, "ada")
	for i := 0; i < 30; i++ {
		env.Ask(t, ada, "Question number "+itoa(int64(i))+" about laptops and docking")
	}
	env.Searchable(t)
	queries := []string{
		strings.Repeat("a", 10000), strings.Repeat("printer ", 1250), "*a*a*a*", "/.*.*.*/", `"unbalanced`,
		"[unclosed", "]]]", "((((", "\x00\x01\x02 control", "bad \xff\xfe utf8", "created:>2099-99-99", "score:abc",
		"user:-1", "answers:999999999999999999999", "-", `""`, "tag:", "[" + strings.Repeat("x", 500) + "]",
	}
	root := repoRoot(t)
	for _, name := range []string{"blns.txt", "xss-dev.txt"} {
		b, err := os.ReadFile(filepath.Join(root, "..", "shared", "data", "bad-input", name))
		if err != nil {
			storetest.SkipOrFail(t, "bad-input corpus: %v", err)
		}
		for _, line := range strings.Split(string(b), "\n") {
			if line != "" && !strings.HasPrefix(line, "#") {
				queries = append(queries, line)
			}
		}
	}
	for _, path := range []string{"/search?q=", "/questions/similar?title="} {
		for _, q := range queries {
			start := time.Now()
			res := env.Request(t, "GET", "/api/v1"+path+url.QueryEscape(q), "", "", nil)
			took := time.Since(start)
			if strings.IndexByte(q, 0) >= 0 || !utf8.ValidString(q) {
				// No text here may hold a NUL or bytes that are not UTF-8.
				if res.Status != 400 {
					t.Errorf("%s%.40q: %d %s, want 400", path, q, res.Status, res.Body)
				}
			} else if res.Status != 200 && res.Status != 422 {
				t.Errorf("%s%.40q: %d %s", path, q, res.Status, res.Body)
			}
			if took > race.Budget(200*time.Millisecond) {
				t.Errorf("%s%.40q took %v", path, q, took)
			}
		}
	}
	// The page too.
	res := env.Request(t, "GET", "/search?q="+url.QueryEscape(`<script>alert(1)</script> "x`), "", "", nil)
	if res.Status != 200 || strings.Contains(string(res.Body), "<script>alert(1)") {
		t.Fatalf("search page: %d", res.Status)
	}
}

func repoRoot(t *testing.T) string {
	dir, _ := os.Getwd()
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		if filepath.Dir(dir) == dir {
			t.Fatal("no go.mod")
		}
		dir = filepath.Dir(dir)
	}
}

// TestSearchByUsername finds a person's questions by their username as
// well as their id; a name nobody has finds nothing.
func TestSearchByUsername(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	adaID, ada := env.SignUp(t, "ada")
	_, bob := env.SignUp(t, "bob")
	env.Ask(t, ada, "Printer prints blank pages since Monday", "printer")
	env.Ask(t, bob, "Printer jams on the second floor", "printer")
	env.Searchable(t)
	for q, want := range map[string]float64{"printer user:ada": 1, "printer user:ADA": 1, "printer user:" + itoa(adaID): 1,
		"printer user:nobody": 0, "printer": 2} {
		got := env.API(t, "GET", "/search?q="+url.QueryEscape(q), "", nil).Map(t)
		if got["total"] != want {
			t.Errorf("%q: total %v, want %v", q, got["total"], want)
		}
		// parsed names the person a username resolved to.
		if parsed := got["parsed"].(map[string]any); want == 1 && parsed["user_id"] != float64(adaID) {
			t.Errorf("%q: parsed %v, want user_id %d", q, parsed, adaID)
		}
	}
}
