package seed

import (
	"context"
	"math/rand/v2"
	"time"

	"stackdesk/internal/config"
	"stackdesk/internal/reputation"
	"stackdesk/internal/store"
)

var (
	voteCols  = []string{"post_id", "user_id", "value", "created_at", "updated_at"}
	eventCols = []string{"user_id", "post_id", "actor_id", "kind", "delta", "created_at"}
)

// votesPerTx bounds the votes written in one transaction.
const votesPerTx = 20000

// writeVotes casts votes on the new posts by the plan's users, under the
// default reputation rules: no self-votes, one vote per user and post, the
// voter's cost of a down vote on an answer, and the daily cap on gains. It
// writes the votes and their ledger events, then sets every new post's score
// and every new user's reputation from them.
func (w *writer) writeVotes(ctx context.Context, s sink, r *rand.Rand) error {
	p := w.p
	rules := config.Defaults().Reputation
	nu := len(w.userIDs)
	if nu < 2 || len(p.posts) == 0 {
		return nil
	}
	nowMicro := w.now().UTC().UnixMicro()
	capUsed := map[[2]int64]int{} // (user id, day) → gains so far
	var votes, events [][]any
	flush := func() error {
		if len(votes) == 0 {
			return nil
		}
		err := inTx(ctx, s, func(tx sinkTx) error {
			if err := tx.insert("votes", voteCols, votes); err != nil {
				return err
			}
			return tx.insert("reputation_events", eventCols, events)
		})
		votes, events = votes[:0], events[:0]
		return err
	}
	for i, pp := range p.posts {
		n := r.IntN(3) // 0..2 votes, more for accepted answers
		if !pp.isQuestion() && p.posts[pp.parent].accepted == int32(i) {
			n += 2
		}
		owner := w.userIDs[pp.owner]
		seen := map[int64]bool{owner: true}
		for v := 0; v < n; v++ {
			voter := w.userIDs[r.IntN(nu)]
			if seen[voter] {
				continue
			}
			seen[voter] = true
			at := min(pp.at+r.Int64N(int64(30*24*time.Hour/time.Microsecond)), nowMicro-1)
			when := micro(at)
			value := 1
			if r.IntN(10) == 0 {
				value = -1
			}
			postID := w.ids[i]
			votes = append(votes, []any{postID, voter, int16(value), when, when})
			if value == 1 {
				kind, delta := reputation.KindQuestionUpvoted, rules.QuestionUpvote
				if !pp.isQuestion() {
					kind, delta = reputation.KindAnswerUpvoted, rules.AnswerUpvote
				}
				key := [2]int64{owner, at / int64(24*time.Hour/time.Microsecond)}
				delta = min(delta, rules.DailyCap-capUsed[key])
				if delta > 0 {
					capUsed[key] += delta
					events = append(events, []any{owner, postID, voter, kind, int32(delta), when})
				}
			} else {
				events = append(events, []any{owner, postID, voter, reputation.KindDownvoted, int32(rules.Downvoted), when})
				if !pp.isQuestion() {
					events = append(events, []any{voter, postID, voter, reputation.KindDownvoter, int32(rules.DownvoterAnswer), when})
				}
			}
		}
		if len(votes) >= votesPerTx {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	if err := flush(); err != nil {
		return err
	}
	return inTx(ctx, s, func(tx sinkTx) error {
		err := tx.execEach(`UPDATE posts SET score = score_base + COALESCE((SELECT SUM(v.value) FROM votes v WHERE v.post_id = posts.id), 0)
			WHERE id >= ? AND id <= ?`, [][]any{{w.ids[0], w.ids[len(w.ids)-1]}})
		if err != nil {
			return err
		}
		err = tx.execEach(`UPDATE users SET reputation = 1 + COALESCE((SELECT SUM(e.delta) FROM reputation_events e WHERE e.user_id = users.id), 0)
			WHERE id >= ? AND id <= ?`, [][]any{{w.userIDs[0], w.userIDs[nu-1]}})
		if err != nil {
			return err
		}
		return tx.execEach(`INSERT INTO search_outbox (post_id, created_at) SELECT id, ? FROM posts
			WHERE type = ? AND id >= ? AND id <= ?`, [][]any{{w.now().UTC(), store.PostQuestion, w.ids[0], w.ids[len(w.ids)-1]}})
	})
}
