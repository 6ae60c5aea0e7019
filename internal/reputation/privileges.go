package reputation

import (
	"stackdesk/internal/config"
	"stackdesk/internal/errs"
	"stackdesk/internal/store"
)

// Privilege names something a user may do once they have enough reputation.
type Privilege string

// The privileges with a reputation threshold; asking, answering and
// commenting are open to everyone.
const (
	VoteUp     Privilege = "vote_up"
	VoteDown   Privilege = "vote_down"
	EditOthers Privilege = "edit_others"
	VoteClose  Privilege = "vote_close"
)

// Threshold returns the reputation a privilege needs under the rules.
func Threshold(r config.Reputation, p Privilege) int {
	switch p {
	case VoteUp:
		return r.VoteUp
	case VoteDown:
		return r.VoteDown
	case EditOthers:
		return r.EditOthers
	case VoteClose:
		return r.VoteClose
	}
	return 0
}

// Require returns a 403 naming the privilege and the reputation it needs, or
// nil when the user has it. Moderators and admins have every privilege.
func Require(r config.Reputation, u *store.User, p Privilege) error {
	if u == nil {
		return errs.E(errs.Unauthorized, "auth.login_required", "Please log in.")
	}
	need := Threshold(r, p)
	if u.IsStaff() || u.Reputation >= need {
		return nil
	}
	switch p {
	case VoteUp:
		return errs.E(errs.Forbidden, "privilege.vote_up",
			"Voting up needs {{.Need}} reputation; you have {{.Have}}.", "Need", need, "Have", u.Reputation)
	case VoteDown:
		return errs.E(errs.Forbidden, "privilege.vote_down",
			"Voting down needs {{.Need}} reputation; you have {{.Have}}.", "Need", need, "Have", u.Reputation)
	case VoteClose:
		return errs.E(errs.Forbidden, "privilege.vote_close",
			"Voting to close questions needs {{.Need}} reputation; you have {{.Have}}.", "Need", need, "Have", u.Reputation)
	default:
		return errs.E(errs.Forbidden, "privilege.edit_others",
			"Editing other people's posts needs {{.Need}} reputation; you have {{.Have}}.", "Need", need, "Have", u.Reputation)
	}
}

// PrivilegeInfo describes one privilege for the privileges page.
type PrivilegeInfo struct {
	Name      Privilege
	Threshold int
}

// Privileges lists the thresholds in force.
func Privileges(r config.Reputation) []PrivilegeInfo {
	return []PrivilegeInfo{{VoteUp, r.VoteUp}, {VoteDown, r.VoteDown}, {EditOthers, r.EditOthers}, {VoteClose, r.VoteClose}}
}
