package auth

import (
	"context"
	"strconv"
	"strings"
	"time"

	"golang.org/x/crypto/bcrypt"
	"gorm.io/gorm"

	"stackdesk/internal/errs"
	"stackdesk/internal/store"
	"stackdesk/internal/text"
)

// PasswordLinkTTL is how long a password link can be used.
const PasswordLinkTTL = 72 * time.Hour

// linkPrefix starts every password link's secret.
const linkPrefix = "pwl_"

// CreatePasswordLink issues a one-time secret that sets the user's password
// (see SetPasswordWithLink): how an imported account, which has none, is
// claimed, and how someone who forgot theirs gets back in. Only admins may
// issue one. A new link replaces the user's unused ones.
func (s *Service) CreatePasswordLink(ctx context.Context, actor *store.User, userID int64) (string, time.Time, error) {
	if actor == nil || actor.Role != store.RoleAdmin {
		return "", time.Time{}, errs.E(errs.Forbidden, "auth.admin_only", "Only administrators may do this.")
	}
	return s.IssuePasswordLink(ctx, userID, &actor.ID)
}

// IssuePasswordLink issues a password link without checking who asks: for
// the operator's command line. createdBy is the issuing user, if any.
func (s *Service) IssuePasswordLink(ctx context.Context, userID int64, createdBy *int64) (string, time.Time, error) {
	u, err := s.UserByID(ctx, userID)
	if err != nil {
		return "", time.Time{}, err
	}
	if !u.Active() {
		return "", time.Time{}, errs.E(errs.Conflict, "account.deactivated_link",
			"This account is deactivated: reactivate it before giving it a password link.")
	}
	var secret string
	var expires time.Time
	err = s.Store.Tx(ctx, func(tx *gorm.DB) error {
		if err := LockActive(tx, userID); err != nil {
			return err
		}
		if err := tx.Where("user_id = ? AND used_at IS NULL", userID).Delete(&store.PasswordLink{}).Error; err != nil {
			return err
		}
		secret, expires, err = s.newPasswordLink(tx, userID, createdBy)
		return err
	})
	if errs.Is(err, errs.Forbidden) { // deactivated meanwhile
		return "", time.Time{}, errs.E(errs.Conflict, "account.deactivated_link",
			"This account is deactivated: reactivate it before giving it a password link.")
	}
	if err != nil {
		return "", time.Time{}, errs.Internalf(err, "auth: create password link")
	}
	return secret, expires, nil
}

// newPasswordLink stores a new password link for the user in tx, with its
// audit entry (whoever holds the link can take the account: it is on
// record), and returns its secret and when it expires.
func (s *Service) newPasswordLink(tx *gorm.DB, userID int64, createdBy *int64) (string, time.Time, error) {
	secret, hash := newSecret(linkPrefix)
	now := s.Now().UTC()
	link := store.PasswordLink{TokenHash: hash, UserID: userID, CreatedBy: createdBy, CreatedAt: now,
		ExpiresAt: now.Add(PasswordLinkTTL)}
	if err := tx.Create(&link).Error; err != nil {
		return "", time.Time{}, err
	}
	err := tx.Create(&store.AuditEntry{ActorID: createdBy, Action: "password_link", TargetType: "user",
		TargetID: &userID, Detail: "expires " + link.ExpiresAt.Format(time.RFC3339), CreatedAt: now}).Error
	return secret, link.ExpiresAt, err
}

// Invite creates an account for someone an administrator names, with a
// role and no password, and a one-time password link (PasswordLinkTTL) by
// which its owner sets one: how an administrator adds support staff, or
// anyone where nobody signs up. The account, its audit entry (account.create,
// with the role) and the link are one transaction.
func (s *Service) Invite(ctx context.Context, actor *store.User, in SignUp, role string) (*store.User, string, time.Time, error) {
	if actor == nil || actor.Role != store.RoleAdmin {
		return nil, "", time.Time{}, errs.E(errs.Forbidden, "auth.admin_only", "Only administrators may do this.")
	}
	in.Username = NormalizeUsername(in.Username)
	in.Email = NormalizeEmail(in.Email)
	in.DisplayName = strings.TrimSpace(in.DisplayName)
	var f errs.Fields
	validateUsername(in.Username, &f)
	validateEmail(in.Email, &f)
	if in.DisplayName != "" {
		validateDisplayName(in.DisplayName, &f)
	}
	if !ValidRole(role) {
		f.Add("role", "field.role", "Unknown role: use user, moderator, analyst, admin or hotline.")
	} else if role == store.RoleUser {
		validateMemberNames(in.Username, in.DisplayName, &f)
	}
	if f.Err() != nil && !f.Has("username") {
		var n int64
		if err := s.Store.DB.WithContext(ctx).Model(&store.User{}).Where("username = ?", in.Username).Count(&n).Error; err != nil {
			return nil, "", time.Time{}, errs.Internalf(err, "auth: username taken")
		}
		if n > 0 {
			f.Add("username", "field.username.taken", "This username is taken.")
		}
	}
	if err := f.Err(); err != nil {
		return nil, "", time.Time{}, err
	}
	if in.DisplayName == "" {
		in.DisplayName = in.Username
	}
	now := s.Now().UTC()
	u := &store.User{Username: in.Username, DisplayName: in.DisplayName, Email: &in.Email,
		Role: role, Reputation: 1, CreatedAt: now, UpdatedAt: now}
	var secret string
	var expires time.Time
	err := s.Store.Tx(ctx, func(tx *gorm.DB) error {
		if err := tx.Create(u).Error; err != nil {
			return err
		}
		// Who created the account, with which role, is on record.
		if err := tx.Create(&store.AuditEntry{ActorID: &actor.ID, Action: "account.create", TargetType: "user",
			TargetID: &u.ID, Detail: role, CreatedAt: now}).Error; err != nil {
			return err
		}
		var err error
		secret, expires, err = s.newPasswordLink(tx, u.ID, &actor.ID)
		return err
	})
	if store.IsUniqueViolation(err) {
		return nil, "", time.Time{}, s.duplicateUser(ctx, in)
	}
	if err != nil {
		return nil, "", time.Time{}, errs.Internalf(err, "auth: invite")
	}
	return u, secret, expires, nil
}

// InvitedLink returns the account a live password link is for, and when
// the link expires, when actor (an administrator) issued it: how the page
// after "Add a person" shows the link it just made, read back from the
// browser, to the one who made it and to nobody else.
func (s *Service) InvitedLink(ctx context.Context, actor *store.User, secret string) (*store.User, time.Time, error) {
	if actor == nil || actor.Role != store.RoleAdmin {
		return nil, time.Time{}, errs.E(errs.Forbidden, "auth.admin_only", "Only administrators may do this.")
	}
	if len(secret) != len(linkPrefix)+43 || !strings.HasPrefix(secret, linkPrefix) {
		return nil, time.Time{}, errLinkInvalid
	}
	var link store.PasswordLink
	err := s.Store.DB.WithContext(ctx).Where("token_hash = ? AND used_at IS NULL AND expires_at > ? AND created_by = ?",
		hashSecret(secret), s.Now().UTC(), actor.ID).Take(&link).Error
	if store.IsNotFound(err) {
		return nil, time.Time{}, errLinkInvalid
	}
	if err != nil {
		return nil, time.Time{}, errs.Internalf(err, "auth: invited link")
	}
	u, err := s.UserByID(ctx, link.UserID)
	if err != nil {
		return nil, time.Time{}, err
	}
	return u, link.ExpiresAt, nil
}

// errLinkInvalid is the answer for a link that is unknown, used or expired.
var errLinkInvalid = errs.E(errs.NotFound, "auth.link_invalid",
	"This link is not valid any more: it was used, or it expired. Ask for a new one.")

// PasswordLinkUser returns the user a live password link is for.
func (s *Service) PasswordLinkUser(ctx context.Context, secret string) (*store.User, error) {
	if len(secret) != len(linkPrefix)+43 {
		return nil, errLinkInvalid
	}
	var u store.User
	err := s.Store.DB.WithContext(ctx).Table("users").Select("users.*").
		Joins("JOIN password_links ON password_links.user_id = users.id").
		Where("password_links.token_hash = ? AND password_links.used_at IS NULL AND password_links.expires_at > ? AND users.deactivated_at IS NULL",
			hashSecret(secret), s.Now().UTC()).
		Take(&u).Error
	if store.IsNotFound(err) {
		return nil, errLinkInvalid
	}
	if err != nil {
		return nil, errs.Internalf(err, "auth: password link")
	}
	return &u, nil
}

// SetPasswordWithLink uses a password link: in one transaction it marks the
// link used, sets the password, ends the user's sessions and revokes the
// user's API tokens (a link is also how a lost account is recovered). It
// returns the user, whom the caller may log in, and whether its owner has
// just joined: the link gave the first password of an account an
// administrator added. An imported account claimed is no new member (it
// has its posts and reputation), and a lost password set anew neither.
func (s *Service) SetPasswordWithLink(ctx context.Context, secret, password string) (*store.User, bool, error) {
	var f errs.Fields
	validatePassword(password, &f)
	if err := f.Err(); err != nil {
		return nil, false, err
	}
	u, err := s.PasswordLinkUser(ctx, secret)
	if err != nil {
		return nil, false, err
	}
	checkStrength(password, u.Username, u.DisplayName, deref(u.Email), &f)
	if err := f.Err(); err != nil {
		return nil, false, err
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(password), s.BcryptCost)
	if err != nil {
		return nil, false, errs.Internalf(err, "auth: hash password")
	}
	now := s.Now().UTC()
	joined := false
	err = s.Store.DB.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		res := tx.Model(&store.PasswordLink{}).
			Where("token_hash = ? AND user_id = ? AND used_at IS NULL AND expires_at > ?", hashSecret(secret), u.ID, now).
			Update("used_at", now)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected != 1 {
			return errLinkInvalid // used at the same moment by another request
		}
		if err := tx.Model(&store.APIToken{}).Where("user_id = ? AND revoked_at IS NULL", u.ID).
			Update("revoked_at", now).Error; err != nil {
			return err
		}
		// Whether an account was claimed (or taken) is on record too, and
		// whether it was the first password of an added account
		// (FirstPasswordSetSince) or an imported account claimed.
		var first int64
		if err := tx.Model(&store.User{}).Where("id = ? AND password_hash IS NULL", u.ID).Count(&first).Error; err != nil {
			return err
		}
		detail := ""
		if first > 0 {
			var imported int64
			if err := tx.Raw(importedAccount, u.ID).Scan(&imported).Error; err != nil {
				return err
			}
			detail, joined = FirstPassword, imported == 0
			if imported > 0 {
				detail = ImportedClaimed
				renamed, err := claimNames(tx, u, now)
				if err != nil {
					return err
				}
				detail += renamed
			}
		}
		if err := tx.Create(&store.AuditEntry{ActorID: &u.ID, Action: "password_set", TargetType: "user",
			TargetID: &u.ID, Detail: detail, CreatedAt: now}).Error; err != nil {
			return err
		}
		return s.setPassword(tx, u.ID, string(hash), "", now)
	})
	if err != nil {
		if errs.Is(err, errs.NotFound) {
			return nil, false, err
		}
		return nil, false, errs.Internalf(err, "auth: set password")
	}
	return u, joined, nil
}

// claimNames gives a member (role user) the names a member may have: an
// imported account being claimed, should the import have left it names that
// claim a role on the site (imports from before names were checked), and a
// staff account made a member again. A display name that claims one becomes
// the username, or "user" and the id when the username claims one too
// (memberName); such a username becomes "user-" and the id (or the first
// free "user-ID-N"). Mentions linked before keep linking to the account (the
// links are by id). It updates u and returns what changed, for the audit
// entry ("" for nothing).
func claimNames(tx *gorm.DB, u *store.User, now time.Time) (string, error) {
	if u.Role != store.RoleUser {
		return "", nil
	}
	set := map[string]any{}
	detail := ""
	if name, reset := memberName(u, store.RoleUser); reset {
		set["display_name"] = name
		detail += "; display name “" + u.DisplayName + "” → “" + name + "”"
		u.DisplayName = name
	}
	if len(set) > 0 {
		set["updated_at"] = now
		if err := tx.Model(&store.User{}).Where("id = ?", u.ID).Updates(set).Error; err != nil {
			return "", err
		}
	}
	if claimsRole(u.Username) {
		name, err := freeUsername(tx, u.ID, "user-"+strconv.FormatInt(u.ID, 10), now)
		if err != nil {
			return "", err
		}
		detail += "; username " + u.Username + " → " + name
		u.Username = name
	}
	return detail, nil
}

// usernameTries bounds how many names freeUsername tries that another
// writer took between its look-up and its write.
const usernameTries = 20

// freeUsername gives user id the first free name of base, base-2, base-3
// ..., inside tx, and returns it. A name that looked free may be taken by
// another transaction before this one writes it (a sign-up, an invitation
// or an import choosing the same name at the same moment, which the look-up
// cannot see on PostgreSQL until it commits): the write then fails on the
// unique index inside a savepoint, which keeps tx usable, and the next name
// is tried.
func freeUsername(tx *gorm.DB, id int64, base string, now time.Time) (string, error) {
	n, lost := 1, 0
	for {
		name := base
		if n > 1 {
			name = base + "-" + strconv.Itoa(n)
		}
		n++
		var taken int64
		if err := tx.Model(&store.User{}).Where("username = ?", name).Count(&taken).Error; err != nil {
			return "", err
		}
		if taken > 0 {
			continue
		}
		err := tx.Transaction(func(sp *gorm.DB) error {
			return sp.Model(&store.User{}).Where("id = ?", id).
				Updates(map[string]any{"username": name, "updated_at": now}).Error
		})
		if err == nil {
			return name, nil
		}
		if !store.IsUniqueViolation(err) || lost >= usernameTries {
			return "", err
		}
		lost++
	}
}

// checkCurrent checks the current password a logged-in user gives to
// confirm a change, adding a field error when it is wrong. A wrong one
// counts as a failed log-in of the account from the request's address, and
// a client with none left is refused for now (auth.too_many_failures): a
// stolen session or token cannot guess the password faster than logging in
// could, while failed log-ins from elsewhere do not stop the owner.
func (s *Service) checkCurrent(ctx context.Context, u *store.User, current string, f *errs.Fields) error {
	done, err := s.failures.enter(ctx, "user:"+strconv.FormatInt(u.ID, 10), s.FailureDelay)
	if err != nil {
		return err
	}
	wrong := u.PasswordHash == nil || bcrypt.CompareHashAndPassword([]byte(*u.PasswordHash), []byte(current)) != nil
	done(wrong)
	if wrong {
		f.Add("current_password", "field.current_password.wrong", "This is not your current password.")
	}
	return nil
}

// ChangePassword sets a new password for a user who knows the current one,
// and ends the user's other sessions (keepSession is the cookie value of
// the one in use; "" ends all).
func (s *Service) ChangePassword(ctx context.Context, u *store.User, current, password, keepSession string) error {
	var f errs.Fields
	if current != "" {
		if err := s.checkCurrent(ctx, u, current, &f); err != nil {
			return err
		}
	}
	switch {
	case current == "":
		f.Add("current_password", "field.current_password.required", "Enter your current password.")
	case f.Err() != nil: // wrong
	case password == current:
		f.Add("password", "field.password.same", "This is your current password; choose a new one.")
	}
	validatePassword(password, &f)
	checkStrength(password, u.Username, u.DisplayName, deref(u.Email), &f)
	if err := f.Err(); err != nil {
		return err
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(password), s.BcryptCost)
	if err != nil {
		return errs.Internalf(err, "auth: hash password")
	}
	err = s.Store.DB.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		return s.setPassword(tx, u.ID, string(hash), keepSession, s.Now().UTC())
	})
	if err != nil {
		return errs.Internalf(err, "auth: change password")
	}
	return nil
}

// setPassword stores a password hash, voids the user's unused password
// links and ends the user's web sessions but the one kept.
func (s *Service) setPassword(tx *gorm.DB, userID int64, hash, keepSession string, now time.Time) error {
	if err := tx.Model(&store.User{}).Where("id = ?", userID).
		Updates(map[string]any{"password_hash": hash, "updated_at": now}).Error; err != nil {
		return err
	}
	if err := tx.Where("user_id = ? AND used_at IS NULL", userID).Delete(&store.PasswordLink{}).Error; err != nil {
		return err
	}
	q := tx.Where("user_id = ?", userID)
	if keepSession != "" {
		q = q.Where("id <> ?", hashSecret(keepSession))
	}
	return q.Delete(&store.Session{}).Error
}

// AccountInput changes a user's display name or e-mail address; nil leaves
// a field as it is, and an empty display name is the username again. A new e-mail address needs the current password: the
// address is where password links go, so whoever holds a session or an API
// token could otherwise take the account.
type AccountInput struct {
	DisplayName     *string
	About           *string // a line about the user on their profile; "" clears it
	Email           *string
	CurrentPassword string
}

// MaxAbout bounds the line about a user on their profile.
const MaxAbout = 200

// UpdateAccount changes the user's own display name, the line about them,
// or their e-mail address.
func (s *Service) UpdateAccount(ctx context.Context, u *store.User, in AccountInput) (*store.User, error) {
	var f errs.Fields
	set := map[string]any{}
	if in.DisplayName != nil {
		name := strings.TrimSpace(*in.DisplayName)
		if strings.Trim(*in.DisplayName, " ") == "" {
			// Cleared: the username stands for the user, as after a
			// sign-up that gave no display name. (Spaces of other kinds
			// are no clearing but a name that does not show: refused.)
			name = u.Username
		}
		validateDisplayName(name, &f)
		// A member's name is checked also when sent unchanged: one that
		// claims a role (left by an import from before names were
		// checked) is no name to keep. Staff acting as members through a
		// token's scope may keep theirs, not take a new one.
		if u.Role == store.RoleUser && (name != u.DisplayName || u.OwnRole() == store.RoleUser) {
			validateMemberNames("", name, &f)
		}
		set["display_name"] = name
	}
	if in.About != nil {
		about := strings.TrimSpace(*in.About)
		if msg, ok := text.Check(about, 0, MaxAbout, false); !ok {
			f.Add("about", msg.ID, msg.Text, msg.KV()...)
		}
		set["about"] = about
	}
	newEmail := false
	if in.Email != nil {
		email := NormalizeEmail(*in.Email)
		validateEmail(email, &f)
		if u.Email == nil || *u.Email != email {
			newEmail = true
			if in.CurrentPassword == "" {
				f.Add("current_password", "field.current_password.email", "Enter your current password to change your e-mail address.")
			} else if err := s.checkCurrent(ctx, u, in.CurrentPassword, &f); err != nil {
				return nil, err
			}
		}
		set["email"] = email
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	if len(set) == 0 {
		return u, nil
	}
	set["updated_at"] = s.Now().UTC()
	err := s.Store.DB.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Model(&store.User{}).Where("id = ?", u.ID).Updates(set).Error; err != nil {
			return err
		}
		if !newEmail {
			return nil
		}
		// Links sent to the old address stop working.
		return tx.Where("user_id = ? AND used_at IS NULL", u.ID).Delete(&store.PasswordLink{}).Error
	})
	if store.IsUniqueViolation(err) {
		f.Add("email", "field.email.taken", "An account with this e-mail address exists.")
		e := f.Err().(*errs.Error)
		e.Code = errs.Conflict
		return nil, e
	}
	if err != nil {
		return nil, errs.Internalf(err, "auth: update account")
	}
	changed, err := s.UserByID(ctx, u.ID)
	if err == nil && newEmail && u.Email != nil && s.EmailChanged != nil {
		s.EmailChanged(changed, *u.Email)
	}
	return changed, err
}

// importedAccount counts (0 or 1) whether the account of the given id came
// from an import: the id map's users' rows, through their own index
// (migration 00049).
const importedAccount = "SELECT COUNT(*) FROM (SELECT 1 FROM import_ids WHERE kind = 'user' AND target_id = ? LIMIT 1) m"
