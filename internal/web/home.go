package web

import "stackdesk/internal/store"

// homeFor is the first page for someone of u's role, where an added account
// lands once its owner has chosen a password, and where logging in leads
// without a page to return to: the ticket queue for the hotline, the
// dashboard for analysts, the questions for everyone else.
func homeFor(u *store.User) string {
	switch u.Role {
	case store.RoleHotline:
		return "/tickets"
	case store.RoleAnalyst:
		return "/analytics"
	}
	return "/"
}

// landing is where logging in leads u: next when it is a path on this site
// (the page the log-in link came from), else, with no next or one leading
// elsewhere, the first page of u's role.
func landing(next string, u *store.User) string {
	if p := localPath(next); p != "/" || next == "/" {
		return p
	}
	return homeFor(u)
}
