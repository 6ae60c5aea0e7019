package config

import (
	"os"
	"regexp"
	"testing"
	"time"
)

// TestOverviewShowsEverySetting: every environment variable the
// configuration reads is on the site settings page and API (Overview),
// but for the development-only asset folder; the new members' throttles
// read as set.
func TestOverviewShowsEverySetting(t *testing.T) {
	shown := map[string]Setting{}
	c := Defaults()
	c.NewMembers = NewMembers{Below: 25, Questions: 3, QuestionWindow: 72 * time.Hour, AnswerGap: 2 * time.Minute}
	for _, g := range c.Overview() {
		for _, s := range g.Settings {
			shown[s.Env] = s
		}
	}
	read := regexp.MustCompile(`p\.\w+\("(STACKDESK_[A-Z_]+)"`)
	n := 0
	for _, f := range []string{"config.go", "experts.go"} {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range read.FindAllStringSubmatch(string(src), -1) {
			n++
			if _, ok := shown[m[1]]; !ok && m[1] != "STACKDESK_DEV_ASSETS" {
				t.Errorf("%s is not on the site settings page", m[1])
			}
		}
	}
	if n < 50 {
		t.Fatalf("found only %d settings read: the scan is broken", n)
	}
	for env, want := range map[string]string{"STACKDESK_NEW_MEMBER_REP": "25", "STACKDESK_NEW_MEMBER_QUESTIONS": "3",
		"STACKDESK_NEW_MEMBER_QUESTION_WINDOW": "72h", "STACKDESK_NEW_MEMBER_ANSWER_GAP": "2m", "STACKDESK_NEW_MEMBER_COMMENT_GAP": "0s",
		"STACKDESK_TAG_BADGE_SCORE": "100,400,1000", "STACKDESK_TICKET_COST": "20"} {
		if s := shown[env]; s.Value != want || s.Secret {
			t.Errorf("%s = %+v, want %q", env, s, want)
		}
	}
}
