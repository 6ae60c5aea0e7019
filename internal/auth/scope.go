package auth

import (
	"errors"
	"net/http"
	"slices"

	"stackdesk/internal/errs"
	"stackdesk/internal/store"
)

// TokenScopes are the scopes an API token may have, narrowest first: read
// sends GET and HEAD only, write every method, both as a member whatever
// the owner's role; staff acts with the owner's whole role. A token's scope
// is fixed when it is made: a member made a moderator later keeps write
// tokens that moderate nothing.
var TokenScopes = []string{store.ScopeRead, store.ScopeWrite, store.ScopeStaff}

// FullScope is the widest scope the user may give a token, which does all
// that tokens did before scopes existed: write for a member, staff for
// staff. POST /tokens gives it to a token asked for without a scope, so
// that clients written before keep working.
func FullScope(u *store.User) string {
	if u.Role == store.RoleUser {
		return store.ScopeWrite
	}
	return store.ScopeStaff
}

// knownScope refuses a scope that is not one of TokenScopes.
func knownScope(scope string) error {
	if slices.Contains(TokenScopes, scope) {
		return nil
	}
	var f errs.Fields
	f.Add("scope", "field.token_scope.unknown", "Unknown scope: use read, write or staff.")
	return f.Err()
}

// scopeForRole refuses the staff scope to an owner with no role beyond
// member's.
func scopeForRole(scope, role string) error {
	if scope != store.ScopeStaff || role != store.RoleUser {
		return nil
	}
	var f errs.Fields
	f.Add("scope", "field.token_scope.staff_only",
		"Only staff (moderators, analysts, hotline agents and administrators) may create a token with the staff scope.")
	return f.Err()
}

// ScopeAllows reports whether a token of the scope may send a request with
// the method: a read token the safe methods only.
func ScopeAllows(scope, method string) bool {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
		return true
	}
	return scope == store.ScopeWrite || scope == store.ScopeStaff
}

// ActingUser is who a token of the scope acts as: its owner, or, for a read
// or write token of staff, a copy of the owner with the member role, so
// that every rule that asks for a role finds none (the copy keeps the
// owner's role as AccountRole, which grants nothing). It reports whether
// the role was narrowed.
func ActingUser(owner *store.User, scope string) (*store.User, bool) {
	if scope == store.ScopeStaff || owner.Role == store.RoleUser {
		return owner, false
	}
	member := *owner
	member.Role, member.AccountRole = store.RoleUser, owner.Role
	return &member, true
}

// WriteScopeError refuses a request that a read token may not send.
func WriteScopeError(method string) error {
	return errs.E(errs.Forbidden, "token.scope_write",
		"This API token has the read scope, which sends GET and HEAD only: a {{.Method}} request needs a token with the write scope.",
		"Method", method)
}

// StaffScopeError refuses, for a token whose scope left out its owner's
// role, what that role would have allowed.
func StaffScopeError(scope string) error {
	return errs.E(errs.Forbidden, "token.scope_staff",
		"This API token has the {{.Scope}} scope, which acts as a member: this needs the powers of your role, which only a token with the staff scope has.",
		"Scope", scope)
}

// staffRefusals are the refusals that a staff role lifts, each with the
// roles that lift it (the others, such as voting on one's own post, hold
// for everyone). A refusal not listed is never the scope's, unless it names
// the roles it lets through itself (errs.Error.Roles, as the hotline's and
// the analysts' pages do, each for its own roles).
var staffRefusals = map[string][]string{
	"auth.admin_only":          admins,
	"auth.signup_closed":       admins,
	"experts.admin_only":       admins,
	"ticket.release_not_yours": admins,

	"flag.staff_only":               moderators,
	"upload.staff_only":             moderators,
	"post.delete_forbidden":         moderators,
	"post.delete_accepted":          moderators,
	"post.delete_helped":            moderators,
	"post.delete_duplicates_author": moderators,
	"post.undelete_forbidden":       moderators,
	"post.undelete_moderator":       moderators,
	"comment.delete_forbidden":      moderators,
	"comment.undelete_forbidden":    moderators,
	"comment.edit_forbidden":        moderators,
	"comment.edit_window":           moderators,
	"question.close_forbidden":      moderators,
	"question.close_own_duplicate":  moderators,
	"question.reopen_forbidden":     moderators,
	"question.reopen_moderator":     moderators,
	"question.reopen_votes":         moderators,
	"privilege.vote_up":             moderators,
	"privilege.vote_down":           moderators,
	"privilege.edit_others":         moderators,
	"privilege.vote_close":          moderators,
	"suggestion.review_privilege":   moderators,
}

var (
	admins     = []string{store.RoleAdmin}
	moderators = []string{store.RoleModerator, store.RoleAdmin} // store.User.IsStaff
)

// IsStaffRefusal reports whether err is a refusal that the role lifts (see
// staffRefusals, or the roles the refusal names): one that a token with the
// staff scope would not have met.
func IsStaffRefusal(err error, role string) bool {
	var e *errs.Error
	if !errors.As(err, &e) || e.Code != errs.Forbidden {
		return false
	}
	if e.Roles != nil {
		return slices.Contains(e.Roles, role)
	}
	return slices.Contains(staffRefusals[e.Msg.ID], role)
}
