package web_test

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestProfileCountsRepeatedBadges checks a badge earned several times (one
// per post) shows once on the profile, with its count.
func TestProfileCountsRepeatedBadges(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	id, _ := env.SignUp(t, "ada")
	now := time.Now().UTC()
	for i, b := range []store.UserBadge{{Badge: "nice-answer", PostID: 11}, {Badge: "student"}, {Badge: "nice-answer", PostID: 12}, {Badge: "nice-answer", PostID: 13}} {
		b.UserID, b.CreatedAt = id, now.Add(time.Duration(i)*time.Second)
		if err := env.App.Store.DB.Create(&b).Error; err != nil {
			t.Fatal(err)
		}
	}
	res := newBrowser(env).get(t, "/users/"+strconv.FormatInt(id, 10))
	contains(t, res, "4 badges", `<span class="badge-count">×3</span>`)
	if n := strings.Count(string(res.Body), `href="/badges/nice-answer"`); n != 1 {
		t.Errorf("Nice Answer shows %d times, want once with its count", n)
	}
	if strings.Contains(string(res.Body), "×1") {
		t.Error("a badge earned once shows a count")
	}
}

// TestTeacherSaysTheAnswerScores: Teacher is earned by an answer's score, and
// its description says so in both languages rather than read as the score of
// the question answered.
func TestTeacherSaysTheAnswerScores(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	b := newBrowser(env)
	contains(t, b.get(t, "/badges/teacher"), "Wrote an answer with a score of 1 or more")
	contains(t, b.get(t, "/badges/teacher", "Accept-Language", "de"), "Eine Antwort mit mindestens 1 Punkt geschrieben")
}
