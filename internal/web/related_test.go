package web_test

import (
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// questionLinkRE finds the questions a part of a page links to.
var questionLinkRE = regexp.MustCompile(`href="/questions/(\d+)[/"]`)

// sideList returns the ids of the questions in the page's list with the
// id (related, linked), in their order, and the list's HTML; none when
// the page has no such list.
func sideList(t *testing.T, page *testkit.Response, id string) ([]int64, string) {
	t.Helper()
	body := string(page.Body)
	start := strings.Index(body, `<ul class="side-list" id="`+id+`">`)
	if start < 0 {
		return nil, ""
	}
	end := strings.Index(body[start:], "</ul>")
	list := body[start : start+end]
	var ids []int64
	for _, m := range questionLinkRE.FindAllStringSubmatch(list, -1) {
		n, _ := strconv.ParseInt(m[1], 10, 64)
		ids = append(ids, n)
	}
	return ids, list
}

// sideItem is the HTML of the list item of question id in list.
func sideItem(list string, id int64) string {
	i := strings.Index(list, `href="/questions/`+itoa(id)+`/`)
	if i < 0 {
		return ""
	}
	start := strings.LastIndex(list[:i], "<li>")
	end := strings.Index(list[i:], "</li>")
	return list[start : i+end]
}

// TestQuestionPageRelatedAndLinked: a question's page lists the questions
// like it (by title and tags, through the search index), marked answered
// or accepted as the ask page's similar questions are, leaving out itself,
// deleted ones (also those the index still holds) and the linked ones; and
// it lists as linked the questions closed as its duplicates, and on a
// duplicate's page its original. Its JSON holds the same lists.
func TestQuestionPageRelatedAndLinked(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		_, carol := env.SignUp(t, "carol")
		_, bob := env.SignUp(t, "bob")
		q1 := env.Ask(t, carol, "Outlook keeps asking for my password", "outlook")
		env.Answer(t, bob, q1, "Turn off modern authentication in the registry, then restart Outlook.") // a duplicate leads to answers
		q2 := env.Ask(t, bob, "Outlook asks for the password again every hour", "outlook")
		a2 := env.Answer(t, carol, q2, "Remove the stored credentials in the Windows credential manager.")
		if res := env.API(t, "POST", "/answers/"+itoa(a2)+"/accept", bob, nil); res.Status != http.StatusOK {
			t.Fatalf("accept: %d %s", res.Status, res.Body)
		}
		if res := env.API(t, "PUT", "/posts/"+itoa(q2)+"/vote", carol, map[string]int{"value": 1}); res.Status != http.StatusOK {
			t.Fatalf("vote: %d %s", res.Status, res.Body)
		}
		q3 := env.Ask(t, bob, "Outlook password prompt after the update", "outlook")
		q4 := env.Ask(t, bob, "Printer toner is empty on floor two", "printer")
		q5 := env.Ask(t, bob, "Password prompt in Outlook loops forever", "outlook")
		q6 := env.Ask(t, bob, "Outlook password dialog keeps coming back", "outlook")
		env.Answer(t, carol, q6, "Sign out of Office everywhere and sign in again with your account.")
		q7 := env.Ask(t, bob, "Outlook wants my password each morning", "outlook")
		q8 := env.Ask(t, bob, "Single sign-on does not reach the mail client", "outlook") // the tag alone
		// Closed as a duplicate of a question it shares no word with: its
		// original is linked all the same.
		q9 := env.Ask(t, bob, "Kaffeemaschine im dritten Stock entkalken", "kitchen")
		if res := env.API(t, "DELETE", "/questions/"+itoa(q3), bob, nil); res.Status != http.StatusNoContent && res.Status != http.StatusOK {
			t.Fatalf("delete: %d %s", res.Status, res.Body)
		}
		if res := env.API(t, "POST", "/questions/"+itoa(q5)+"/close", bob, map[string]any{"reason": "duplicate", "duplicate_of": q1}); res.Status != http.StatusOK {
			t.Fatalf("close: %d %s", res.Status, res.Body)
		}
		if res := env.API(t, "POST", "/questions/"+itoa(q9)+"/close", bob, map[string]any{"reason": "duplicate", "duplicate_of": q1}); res.Status != http.StatusOK {
			t.Fatalf("close: %d %s", res.Status, res.Body)
		}
		env.Searchable(t)
		// Deleted after the index caught up, as when it lags behind: the
		// database has the last word.
		if err := env.App.Store.DB.Model(&store.Post{}).Where("id = ?", q7).Update("deleted_at", time.Now()).Error; err != nil {
			t.Fatal(err)
		}

		anon := newBrowser(env)
		page := anon.get(t, "/questions/"+itoa(q1))
		related, list := sideList(t, page, "related")
		for _, want := range []int64{q2, q6, q8} {
			if !slices.Contains(related, want) {
				t.Errorf("related %v lacks %d", related, want)
			}
		}
		for _, not := range []int64{q1, q3, q4, q5, q7} {
			if slices.Contains(related, not) {
				t.Errorf("related %v lists %d", related, not)
			}
		}
		if item := sideItem(list, q2); !strings.Contains(item, `class="side-score accepted"`) || !strings.Contains(item, "✓") ||
			!strings.Contains(item, "</span>1</span>") || !strings.Contains(item, "(accepted answer)") {
			t.Errorf("the accepted question's item: %s", item)
		}
		if item := sideItem(list, q6); !strings.Contains(item, `class="side-score answered"`) || strings.Contains(item, "✓") ||
			!strings.Contains(item, "(answered)") {
			t.Errorf("the answered question's item: %s", item)
		}
		if item := sideItem(list, q8); !strings.Contains(item, `class="side-score"`) || !strings.Contains(item, "(no answer yet)") {
			t.Errorf("the open question's item: %s", item)
		}
		if linked, _ := sideList(t, page, "linked"); !slices.Equal(linked, []int64{q5, q9}) {
			t.Errorf("linked = %v, want the duplicates %d and %d", linked, q5, q9)
		}
		contains(t, page, `<aside class="question-side" aria-label="Linked and related questions">`, `<h2 id="related-title" class="side-h">Related questions</h2>`)

		// The duplicate's page links its original, which is not related too.
		dup := anon.get(t, "/questions/"+itoa(q5))
		if linked, _ := sideList(t, dup, "linked"); !slices.Equal(linked, []int64{q1}) {
			t.Errorf("the duplicate's linked = %v, want its original %d", linked, q1)
		}
		if related, _ := sideList(t, dup, "related"); slices.Contains(related, q1) || slices.Contains(related, q5) || len(related) == 0 {
			t.Errorf("the duplicate's related = %v:\n%s", related, dup.Body)
		}

		if linked, _ := sideList(t, anon.get(t, "/questions/"+itoa(q9)), "linked"); !slices.Equal(linked, []int64{q1}) {
			t.Errorf("the unlike duplicate's linked = %v, want its original %d", linked, q1)
		}

		// In German.
		de := anon.get(t, "/questions/"+itoa(q1), "Accept-Language", "de")
		contains(t, de, "Verknüpfte Fragen", "Ähnliche Fragen", "(akzeptierte Antwort)")

		// The question's JSON.
		var j struct {
			Linked, Related []struct {
				ID                 int64
				Title, URL         string
				Score              int
				Answered, Accepted bool
			}
		}
		env.API(t, "GET", "/questions/"+itoa(q1)+"/related", "", nil).JSON(t, &j)
		if q := env.API(t, "GET", "/questions/"+itoa(q1), "", nil); strings.Contains(string(q.Body), `"related"`) {
			t.Errorf("the question's own JSON lists its related questions: %s", q.Body)
		}
		var ids []int64
		for _, r := range j.Related {
			ids = append(ids, r.ID)
			if r.ID == q2 && (!r.Accepted || !r.Answered || r.Score != 1 || r.URL != "/questions/"+itoa(q2) || r.Title == "") {
				t.Errorf("JSON: the accepted question: %+v", r)
			}
			if r.ID == q6 && (r.Accepted || !r.Answered) {
				t.Errorf("JSON: the answered question: %+v", r)
			}
		}
		if !slices.Equal(ids, related) {
			t.Errorf("JSON related %v, the page's %v", ids, related)
		}
		if len(j.Linked) != 2 || j.Linked[0].ID != q5 || j.Linked[1].ID != q9 {
			t.Errorf("JSON linked = %+v", j.Linked)
		}

		// A question with nothing like it shows no sidebar.
		if res := anon.get(t, "/questions/"+itoa(q4)); strings.Contains(string(res.Body), "question-side") {
			t.Errorf("an unrelated question has a sidebar")
		}
	})
}
