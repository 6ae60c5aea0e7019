package importer

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"stackdesk/internal/auth"
	"stackdesk/internal/markdown"
	"stackdesk/internal/reputation"
	"stackdesk/internal/store"
)

// communityID is the Stack Exchange bot's user Id. It is not imported: the
// posts and comments it owns (tag wikis, community-owned posts) keep no owner.
const communityID = -1

// Limits on imported profile text, in runes.
const (
	displayNameMax = 50
	aboutMax       = 2000
)

// user is one row of Users.xml.
type user struct {
	ID          int64
	Reputation  int
	DisplayName string
	Base        string // username before de-duplication
	// Dump is the display name as the dump gives it, set only when a name
	// claims a role (RoleName, RoleUsername) and so is replaced.
	Dump         string
	RoleName     bool   // the display name claims a role: it becomes the username, or "user" and the id
	RoleUsername bool   // the username derived from it claims one: it becomes "user-" and the dump's id
	About        string // plain text
	Created      time.Time
	LastSeen     time.Time
}

var userCols = []string{"id", "username", "display_name", "email", "password_hash", "role", "reputation",
	"about", "language", "created_at", "updated_at", "last_seen_at"}

var repCols = []string{"user_id", "post_id", "actor_id", "kind", "delta", "created_at"}

// importUsers creates an account without password or e-mail for each user,
// so imported people cannot log in until an admin gives them a way to, and
// records their reputation as one "imported" ledger event.
func importUsers(ctx context.Context, r *run) (*FileSummary, error) {
	return runFile(ctx, r, fileSpec[user]{
		name: "Users.xml", root: "users", table: "users",
		parse: parseUser,
		write: writeUsers,
	})
}

// parseUser reads one row of Users.xml.
func parseUser(row *xmlRow) (user, *problem) {
	f := fields{row: row}
	u := user{ID: f.id("Id"), Reputation: f.num("Reputation"), Created: f.when("CreationDate"),
		LastSeen: f.when("LastAccessDate")}
	if f.err != nil {
		return u, f.err
	}
	switch {
	case u.ID == communityID:
		return u, &problem{Line: row.Line, Reason: ReasonCommunity,
			Msg: "user -1 is the Community bot: not imported, its posts have no owner"}
	case u.ID <= 0:
		return u, &problem{Line: row.Line, Reason: ReasonBadRow, Msg: fmt.Sprintf("user Id %d is not positive", u.ID)}
	}
	u.DisplayName = displayName(f.text("DisplayName"))
	if u.DisplayName == "" {
		u.DisplayName = "user" + strconv.FormatInt(u.ID, 10)
	}
	u.Base = usernameBase(u.DisplayName, u.ID)
	// Members may not take names that claim a role on the site (as sign-up
	// and settings refuse them): such a name is replaced as a role change
	// to member replaces it.
	u.RoleName = auth.DisplayNameClaimsRole(u.DisplayName)
	if u.RoleUsername = auth.UsernameClaimsRole(u.Base); u.RoleUsername {
		u.Base = "user-" + strconv.FormatInt(u.ID, 10)
	}
	if u.RoleName || u.RoleUsername {
		u.Dump = u.DisplayName
	}
	if about := f.text("AboutMe"); about != "" {
		u.About = cut(markdown.HTMLToText(about), aboutMax)
	}
	return u, nil
}

// writeUsers creates a batch of accounts with unique usernames and their
// imported reputation.
func writeUsers(ctx context.Context, b *batch[user]) error {
	items, err := fresh(ctx, b, kindUser, "user", func(u user) int64 { return u.ID })
	if err != nil || len(items) == 0 {
		return err
	}
	bases := make([]string, len(items))
	src := make([]int64, len(items))
	for i, it := range items {
		bases[i], src[i] = it.V.Base, it.V.ID
	}
	names, err := uniqueUsernames(ctx, b.t, bases, src)
	if err != nil {
		return err
	}
	if b.run.namesChosen != nil {
		b.run.namesChosen(names)
	}
	ids, err := b.ids(ctx, "users", src)
	if err != nil {
		return err
	}
	now := b.run.now()
	users := make([][]any, len(items))
	maps := make([][]any, len(items))
	var events [][]any
	for i, it := range items {
		u := it.V
		created := orTime(u.Created, now)
		if u.RoleName {
			u.DisplayName = roleFreeName(names[i], ids[i], u.RoleUsername)
		}
		if b.keepIDs && ids[i] != u.ID {
			b.renumber(it.Line, "user", u.ID, ids[i])
		}
		if u.Dump != "" {
			b.rename(it.Line, ReasonRoleName, "%q (username %s) claims a role: imported as %q (username %s)",
				u.Dump, usernameBase(u.Dump, u.ID), u.DisplayName, names[i])
		}
		users[i] = []any{ids[i], names[i], u.DisplayName, nil, nil, store.RoleUser, u.Reputation,
			u.About, "", created, created, optTime(u.LastSeen)}
		maps[i] = mapRow(b.run.site, kindUser, u.ID, ids[i], 0)
		if d := u.Reputation - 1; d != 0 {
			events = append(events, []any{ids[i], nil, nil, reputation.KindImported, d, created})
		}
	}
	for _, w := range []struct {
		table string
		cols  []string
		rows  [][]any
	}{{"users", userCols, users}, {"import_ids", idCols, maps}, {"reputation_events", repCols, events}} {
		if err := b.t.copy(ctx, w.table, w.cols, w.rows); err != nil {
			return err
		}
	}
	b.imported += int64(len(items))
	return nil
}

// roleFreeName is the display name of an imported user whose own claims a
// role, as a role change to member gives it: the username, or "user" and
// the id when the name the username was derived from claimed a role too.
func roleFreeName(username string, id int64, usernameClaimed bool) string {
	if usernameClaimed {
		return "user" + strconv.FormatInt(id, 10)
	}
	return username
}

// displayName is a dump's display name with its spaces collapsed, cut to
// displayNameMax, with no space left at its end where the cut fell after
// one.
func displayName(s string) string {
	return strings.TrimRight(cut(strings.Join(strings.Fields(s), " "), displayNameMax), " ")
}
