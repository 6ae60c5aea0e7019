package importer

import (
	"context"
	"fmt"
	"time"

	"stackdesk/internal/reputation"
	"stackdesk/internal/store"
)

// earned is a badge a batch's rows earn a user; post is 0 for badges held
// once per user.
type earned struct {
	user  int64
	badge string
	post  int64
}

// scoreBadges are the per-post badges a score earns, by post type: the
// thresholds of internal/reputation, which `stackdesk check` recomputes.
var scoreBadges = map[int][]struct {
	badge reputation.Badge
	min   int
}{
	store.PostQuestion: {{reputation.NiceQuestion, 10}, {reputation.GoodQuestion, 25}, {reputation.GreatQuestion, 100}},
	store.PostAnswer:   {{reputation.NiceAnswer, 10}, {reputation.GoodAnswer, 25}, {reputation.GreatAnswer, 100}},
}

// postBadges returns what a new post earns its owner: Student or Teacher
// for a first post with a positive score, and the score badges. An imported
// post's score is final (imported votes move score_base, not score), so
// this is decided when the post is written.
func postBadges(owner int64, typ, score int, postID int64) []earned {
	if owner == 0 {
		return nil
	}
	var out []earned
	if score >= 1 {
		first := reputation.Student
		if typ == store.PostAnswer {
			first = reputation.Teacher
		}
		out = append(out, earned{owner, first.Name, 0})
	}
	for _, sb := range scoreBadges[typ] {
		if score >= sb.min {
			out = append(out, earned{owner, sb.badge.Name, postID})
		}
	}
	return out
}

// enlightenedMin is the score an accepted answer needs for Enlightened.
const enlightenedMin = 10

// acceptBadges returns what an accepted answer earns: Scholar for the
// asker, Enlightened for an answer scoring 10 or more.
func acceptBadges(asker, answerer int64, answerScore int, answerID int64) []earned {
	var out []earned
	if asker != 0 {
		out = append(out, earned{asker, reputation.Scholar.Name, 0})
	}
	if answerer != 0 && answerScore >= enlightenedMin {
		out = append(out, earned{answerer, reputation.Enlightened.Name, answerID})
	}
	return out
}

// voteBadge returns what a vote earns its voter: Supporter or Critic.
func voteBadge(voter int64, value int) earned {
	if value > 0 {
		return earned{voter, reputation.Supporter.Name, 0}
	}
	return earned{voter, reputation.Critic.Name, 0}
}

// award gives the earned badges that their users do not hold yet.
func award(ctx context.Context, t dbtx, badges []earned, now time.Time) error {
	if len(badges) == 0 {
		return nil
	}
	seen := make(map[earned]bool, len(badges))
	rows := make([][]any, 0, len(badges))
	for _, e := range badges {
		if !seen[e] {
			seen[e] = true
			rows = append(rows, []any{e.user, e.badge, "", e.post, now})
		}
	}
	if _, err := insertRows(ctx, t, "user_badges", badgeCols, rows, "ON CONFLICT DO NOTHING"); err != nil {
		return fmt.Errorf("award badges: %w", err)
	}
	return nil
}
