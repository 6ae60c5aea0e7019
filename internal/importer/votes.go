package importer

import (
	"context"
	"fmt"
	"time"
)

// Vote types of Stack Exchange dumps that become votes here.
const (
	voteUp   = 2
	voteDown = 3
)

// voteTypeNames names the other vote types, for messages.
var voteTypeNames = map[int]string{
	1: "accepted answer, taken from AcceptedAnswerId", 4: "offensive", 5: "favorite", 6: "close",
	7: "reopen", 8: "bounty start", 9: "bounty close", 10: "deletion", 11: "undeletion", 12: "spam",
	15: "moderator review", 16: "approve edit suggestion",
}

// vote is one row of Votes.xml.
type vote struct {
	ID, Post, User int64
	Type           int
	Created        time.Time
}

var voteCols = []string{"post_id", "user_id", "value", "created_at", "updated_at"}

// importVotes imports up and down votes. Public dumps leave them anonymous
// (user_id NULL); the id map records each vote's source Id (with no target:
// nothing refers to a vote), so that it is never imported twice. Each vote moves the post's score_base the other way, so
// that score = score_base + SUM(votes.value) stays true and the score the
// dump gives is kept; votes give no reputation, since Users.xml gives it.
func importVotes(ctx context.Context, r *run) (*FileSummary, error) {
	return runFile(ctx, r, fileSpec[vote]{
		name: "Votes.xml", root: "votes",
		parse: parseVote,
		write: writeVotes,
	})
}

// parseVote reads one row of Votes.xml; only up and down votes pass.
func parseVote(row *xmlRow) (vote, *problem) {
	f := fields{row: row}
	v := vote{ID: f.optID("Id"), Post: f.id("PostId"), Type: f.num("VoteTypeId"), User: f.optID("UserId"),
		Created: f.when("CreationDate")}
	if f.err != nil {
		return v, f.err
	}
	if v.Type != voteUp && v.Type != voteDown {
		name := voteTypeNames[v.Type]
		if name == "" {
			name = "unknown"
		}
		return v, &problem{Line: row.Line, Reason: ReasonVoteType,
			Msg: fmt.Sprintf("vote %d: VoteTypeId %d (%s) is not imported", v.ID, v.Type, name)}
	}
	return v, nil
}

// pair is a post and a user.
type pair struct{ post, user int64 }

// writeVotes writes a batch of votes on imported posts, at most one per
// known user and post.
func writeVotes(ctx context.Context, b *batch[vote]) error {
	live, err := fresh(ctx, b, kindVote, "vote", func(v vote) int64 { return v.ID })
	if err != nil || len(live) == 0 {
		return err
	}
	var postSrc, userSrc []int64
	for _, it := range live {
		postSrc = append(postSrc, it.V.Post)
		userSrc = append(userSrc, it.V.User)
	}
	posts, err := lookupIDs(ctx, b.t, b.run.site, kindPost, postSrc)
	if err != nil {
		return err
	}
	users, err := lookupIDs(ctx, b.t, b.run.site, kindUser, userSrc)
	if err != nil {
		return err
	}
	held, err := heldVotes(ctx, b.t, posts, users)
	if err != nil {
		return err
	}
	now := b.run.now()
	var rows, maps [][]any
	base := map[int64]int64{}
	for _, it := range live {
		v := it.V
		post, found := posts[v.Post]
		if !found {
			b.skip(it.Line, ReasonMissingPost, "vote %d: post %d is not in the dump", v.ID, v.Post)
			continue
		}
		value := 1
		if v.Type == voteDown {
			value = -1
		}
		user := userRef(users, v.User)
		if uid, ok := user.(int64); ok {
			if held[pair{post, uid}] {
				b.skip(it.Line, ReasonDuplicateVote, "vote %d: user %d voted on post %d already", v.ID, v.User, v.Post)
				continue
			}
			held[pair{post, uid}] = true
			b.earned = append(b.earned, voteBadge(uid, value))
		}
		at := orTime(v.Created, now)
		rows = append(rows, []any{post, user, value, at, at})
		if v.ID != 0 {
			maps = append(maps, mapRow(b.run.site, kindVote, v.ID, 0, 0))
		}
		base[post] -= int64(value)
	}
	if err := b.t.copy(ctx, "votes", voteCols, rows); err != nil {
		return err
	}
	if err := b.t.copy(ctx, "import_ids", idCols, maps); err != nil {
		return err
	}
	b.imported += int64(len(rows))
	if err := addByID(ctx, b.t, "posts", "score_base", base); err != nil {
		return err
	}
	return award(ctx, b.t, b.earned, now)
}

// heldVotes returns the (post, user) pairs among the batch's posts and users
// that have a vote already.
func heldVotes(ctx context.Context, t dbtx, posts, users map[int64]int64) (map[pair]bool, error) {
	held := map[pair]bool{}
	if len(users) == 0 || len(posts) == 0 {
		return held, nil
	}
	byUser, uargs := inIDs(t, "user_id", distinct(valuesOf(users)))
	byPost, pargs := inIDs(t, "post_id", distinct(valuesOf(posts)))
	rows, err := t.query(ctx, "SELECT post_id, user_id FROM votes WHERE "+byUser+" AND "+byPost, append(uargs, pargs...)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var p pair
		if err := rows.Scan(&p.post, &p.user); err != nil {
			return nil, err
		}
		held[p] = true
	}
	return held, rows.Err()
}
