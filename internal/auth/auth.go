// Package auth owns accounts: sign-up, password hashing, server-side web
// sessions, API tokens and roles.
package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"golang.org/x/crypto/bcrypt"
	"gorm.io/gorm"

	"stackdesk/internal/errs"
	"stackdesk/internal/store"
	"stackdesk/internal/text"
)

// Service manages accounts, sessions and tokens.
type Service struct {
	Store      *store.Store
	Now        func() time.Time
	BcryptCost int
	SessionTTL time.Duration // idle lifetime of a web session
	// SessionMaxAge is the absolute lifetime of a web session, counted
	// from log-in, however active it stays (zero: none). API tokens are
	// not sessions and do not expire by it.
	SessionMaxAge time.Duration

	// EmailChanged, when set, is told of each change of a user's e-mail
	// address (the user as changed, and the old address) once it is saved.
	EmailChanged func(u *store.User, old string)

	// FailureDelay is how long each log-in to an account over its budget
	// of failed log-ins waits (SlowLogIn when zero).
	FailureDelay time.Duration

	failures failures // failed log-ins per account and client address
}

// SignUp is what a new user gives.
type SignUp struct {
	Username    string
	Email       string
	Password    string
	DisplayName string
}

// Roles lists every role a user can be given.
var Roles = []string{store.RoleUser, store.RoleModerator, store.RoleAnalyst, store.RoleAdmin, store.RoleHotline}

// ValidRole reports whether role is known.
func ValidRole(role string) bool {
	for _, r := range Roles {
		if r == role {
			return true
		}
	}
	return false
}

// CreateUser validates the sign-up and stores a new user with the given role.
func (s *Service) CreateUser(ctx context.Context, in SignUp, role string) (*store.User, error) {
	return s.createUser(ctx, in, role, false)
}

// CreateUserAudited is CreateUser for the operator's command line: the
// account and its audit entry (account.create, with the role, the command
// line as actor, as "Add a person" records it) are one transaction.
func (s *Service) CreateUserAudited(ctx context.Context, in SignUp, role string) (*store.User, error) {
	return s.createUser(ctx, in, role, true)
}

// CheckNewUser checks what CreateUser checks of in and role without a
// database: the form of every field and the role, all of it that can be
// refused before anything runs (a username already taken cannot). The
// operator's command line refuses such values as a wrong command line.
func CheckNewUser(in SignUp, role string) error {
	f := newUserFields(normalizeSignUp(in), role)
	return f.Err()
}

// CheckRole refuses a role that is none of Roles, on the role field.
func CheckRole(role string) error {
	var f errs.Fields
	checkRole(role, &f)
	return f.Err()
}

func checkRole(role string, f *errs.Fields) {
	if !ValidRole(role) {
		f.Add("role", "field.role", "Unknown role: use user, moderator, analyst, admin or hotline.")
	}
}

// normalizeSignUp is in as stored: the username and e-mail address
// lower-cased, the names trimmed.
func normalizeSignUp(in SignUp) SignUp {
	in.Username = NormalizeUsername(in.Username)
	in.Email = NormalizeEmail(in.Email)
	in.DisplayName = strings.TrimSpace(in.DisplayName)
	return in
}

// newUserFields checks a new user, normalised, with its role.
func newUserFields(in SignUp, role string) errs.Fields {
	var f errs.Fields
	validateSignUp(in, &f)
	if role == store.RoleUser {
		validateMemberNames(in.Username, in.DisplayName, &f)
	}
	checkRole(role, &f)
	return f
}

func (s *Service) createUser(ctx context.Context, in SignUp, role string, audit bool) (*store.User, error) {
	in = normalizeSignUp(in)
	f := newUserFields(in, role)
	if f.Err() != nil && !f.Has("username") {
		// Said with the other mistakes, not only once they are mended.
		var n int64
		if err := s.Store.DB.WithContext(ctx).Model(&store.User{}).Where("username = ?", in.Username).Count(&n).Error; err != nil {
			return nil, errs.Internalf(err, "auth: username taken")
		}
		if n > 0 {
			f.Add("username", "field.username.taken", "This username is taken.")
		}
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(in.Password), s.BcryptCost)
	if err != nil {
		return nil, errs.Internalf(err, "auth: hash password")
	}
	if in.DisplayName == "" {
		in.DisplayName = in.Username
	}
	now := s.Now().UTC()
	h := string(hash)
	u := &store.User{
		Username: in.Username, DisplayName: in.DisplayName, Email: &in.Email,
		PasswordHash: &h, Role: role, Reputation: 1, CreatedAt: now, UpdatedAt: now,
	}
	err = s.Store.Tx(ctx, func(tx *gorm.DB) error {
		if err := tx.Create(u).Error; err != nil || !audit {
			return err
		}
		return tx.Create(&store.AuditEntry{Action: "account.create", TargetType: "user",
			TargetID: &u.ID, Detail: role, CreatedAt: now}).Error
	})
	if store.IsUniqueViolation(err) {
		return nil, s.duplicateUser(ctx, in)
	}
	if err != nil {
		return nil, errs.Internalf(err, "auth: create user")
	}
	return u, nil
}

func (s *Service) duplicateUser(ctx context.Context, in SignUp) error {
	var f errs.Fields
	var n int64
	s.Store.DB.WithContext(ctx).Model(&store.User{}).Where("username = ?", in.Username).Count(&n)
	if n > 0 {
		f.Add("username", "field.username.taken", "This username is taken.")
	} else {
		f.Add("email", "field.email.taken", "An account with this e-mail address exists.")
	}
	e := f.Err().(*errs.Error)
	e.Code = errs.Conflict
	return e
}

// dummyHashes hold, by bcrypt cost, a hash compared against when a user is
// unknown, so that a login for a missing account takes as long as one with a
// wrong password at the cost real passwords are hashed with.
var dummyHashes sync.Map

func dummyHash(cost int) []byte {
	if h, ok := dummyHashes.Load(cost); ok {
		return h.([]byte)
	}
	h, err := bcrypt.GenerateFromPassword([]byte("stackdesk-dummy-password"), cost)
	if err != nil {
		h, _ = bcrypt.GenerateFromPassword([]byte("stackdesk-dummy-password"), bcrypt.DefaultCost)
	}
	dummyHashes.Store(cost, h)
	return h
}

// RequireCredentials records in f, under the names loginField and
// "password", the log-in fields left empty, so that the log-in page and
// POST /api/v1/tokens say per field what is missing rather than "wrong
// username or password".
func RequireCredentials(f *errs.Fields, loginField, login, password string) {
	if strings.TrimSpace(login) == "" {
		f.Add(loginField, "field.login.required", "Enter your username or e-mail address.")
	}
	if password == "" {
		f.Add("password", "field.password.required", "Enter your password.")
	}
}

// Authenticate checks a username (or e-mail address) and password.
func (s *Service) Authenticate(ctx context.Context, login, password string) (*store.User, error) {
	login = strings.ToLower(strings.TrimSpace(login))
	bad := errs.E(errs.Unauthorized, "auth.bad_login", "Wrong username or password.")
	if login == "" || password == "" {
		return nil, bad
	}
	var u store.User
	col := "username"
	if strings.Contains(login, "@") {
		col = "email"
	}
	err := s.Store.DB.WithContext(ctx).Where(col+" = ?", login).Take(&u).Error
	if err != nil && !store.IsNotFound(err) {
		return nil, errs.Internalf(err, "auth: find user")
	}
	key := "login:" + login // an unknown login is limited alike, so the limit tells nothing
	if err == nil {
		key = "user:" + strconv.FormatInt(u.ID, 10)
	}
	done, lerr := s.failures.enter(ctx, key, s.FailureDelay)
	if lerr != nil {
		return nil, lerr
	}
	if err != nil || u.PasswordHash == nil {
		bcrypt.CompareHashAndPassword(dummyHash(s.BcryptCost), []byte(password))
		done(true)
		return nil, bad
	}
	if bcrypt.CompareHashAndPassword([]byte(*u.PasswordHash), []byte(password)) != nil {
		done(true)
		return nil, bad
	}
	done(false)
	if !u.Active() { // told only to whoever knows the password
		return nil, errDeactivated
	}
	return &u, nil
}

// newSecret returns a random URL-safe secret and its SHA-256 in hex.
func newSecret(prefix string) (secret, hash string) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand never fails on supported platforms
	}
	secret = prefix + base64.RawURLEncoding.EncodeToString(b)
	return secret, hashSecret(secret)
}

func hashSecret(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

// CreateSession starts a web session for the user and returns the cookie value.
func (s *Service) CreateSession(ctx context.Context, userID int64) (string, error) {
	token, id := newSecret("")
	now := s.Now().UTC()
	sess := store.Session{ID: id, UserID: userID, CreatedAt: now, ExpiresAt: s.sessionExpiry(now, now)}
	if err := s.Store.DB.WithContext(ctx).Create(&sess).Error; err != nil {
		return "", errs.Internalf(err, "auth: create session")
	}
	return token, nil
}

// sessionExpiry is when a session started at created ends if it is not
// used again after now: its idle lifetime on from now, but never past its
// absolute lifetime.
func (s *Service) sessionExpiry(created, now time.Time) time.Time {
	exp := now.Add(s.SessionTTL)
	if s.SessionMaxAge > 0 && exp.After(created.Add(s.SessionMaxAge)) {
		exp = created.Add(s.SessionMaxAge)
	}
	return exp
}

// sessionsLive narrows a query of sessions to those alive at now: not past
// their idle expiry nor their absolute lifetime (checked on its own too, so
// that a row extended by an older process, or before the lifetime was
// shortened, ends in time all the same).
func (s *Service) sessionsLive(q *gorm.DB, now time.Time) *gorm.DB {
	q = q.Where("sessions.expires_at > ?", now)
	if s.SessionMaxAge > 0 {
		q = q.Where("sessions.created_at > ?", now.Add(-s.SessionMaxAge))
	}
	return q
}

// UserBySession returns the user of a live session. Sessions slide: one used in
// the second half of its life is extended, at most one write per half-life,
// up to its absolute lifetime (SessionMaxAge) after log-in, and not beyond.
func (s *Service) UserBySession(ctx context.Context, token string) (*store.User, error) {
	if token == "" || len(token) > 100 {
		return nil, errs.E(errs.Unauthorized, "auth.no_session", "Please log in.")
	}
	var row struct {
		store.User
		SessionCreated time.Time
		SessionExpires time.Time
	}
	now := s.Now().UTC()
	q := s.Store.DB.WithContext(ctx).Table("sessions").
		Select("users.*, sessions.created_at AS session_created, sessions.expires_at AS session_expires").
		Joins("JOIN users ON users.id = sessions.user_id").
		Where("sessions.id = ? AND users.deactivated_at IS NULL", hashSecret(token))
	err := s.sessionsLive(q, now).Take(&row).Error
	if store.IsNotFound(err) {
		return nil, errs.E(errs.Unauthorized, "auth.no_session", "Please log in.")
	}
	if err != nil {
		return nil, errs.Internalf(err, "auth: session")
	}
	if exp := s.sessionExpiry(row.SessionCreated, now); row.SessionExpires.Sub(now) < s.SessionTTL/2 && exp.After(row.SessionExpires) {
		s.Store.DB.WithContext(ctx).Model(&store.Session{}).Where("id = ?", hashSecret(token)).
			Update("expires_at", exp)
	}
	return &row.User, nil
}

// DeleteSession ends a web session (log out).
func (s *Service) DeleteSession(ctx context.Context, token string) error {
	err := s.Store.DB.WithContext(ctx).Where("id = ?", hashSecret(token)).Delete(&store.Session{}).Error
	if err != nil {
		return errs.Internalf(err, "auth: delete session")
	}
	return nil
}

// PruneSessions removes sessions that ended: idle past their expiry, or
// older than their absolute lifetime.
func (s *Service) PruneSessions(ctx context.Context) (int64, error) {
	now := s.Now().UTC()
	q := s.Store.DB.WithContext(ctx).Where("expires_at <= ?", now)
	if s.SessionMaxAge > 0 {
		q = q.Or("created_at <= ?", now.Add(-s.SessionMaxAge))
	}
	res := q.Delete(&store.Session{})
	return res.RowsAffected, res.Error
}

// TokenPrefix starts every API token, so that leaked tokens are easy to find.
const TokenPrefix = "sdk_"

// MaxTokenName bounds the name that tells a user's tokens apart.
const MaxTokenName = 100

// CreateToken issues an API token of the scope (one of TokenScopes) for
// the user; the secret is returned once and only its hash is kept.
func (s *Service) CreateToken(ctx context.Context, userID int64, name, scope string) (string, *store.APIToken, error) {
	if err := knownScope(scope); err != nil {
		return "", nil, err
	}
	name = strings.TrimSpace(name)
	if name == "" {
		name = DefaultTokenName // the API may leave it out; lists show tokens by name
	}
	if utf8.RuneCountInString(name) > MaxTokenName {
		var f errs.Fields
		f.Add("name", "field.token_name.too_long", "Use at most {{.Max}} characters.", "Max", MaxTokenName)
		return "", nil, f.Err()
	}
	// One line, as a display name: no control characters, nothing that
	// reorders it ("api" U+202E "fdp.exe" would read as "api exe.pdf").
	if p, ok := text.Check(name, 0, MaxTokenName, false); !ok {
		var f errs.Fields
		f.Add("name", p.ID, p.Text, p.KV()...)
		return "", nil, f.Err()
	}
	secret, hash := newSecret(TokenPrefix)
	t := &store.APIToken{UserID: userID, Name: name, TokenHash: hash, Scope: scope, CreatedAt: s.Now().UTC()}
	err := s.Store.Tx(ctx, func(tx *gorm.DB) error {
		if err := LockActive(tx, userID); err != nil {
			return err
		}
		var role string
		if err := tx.Model(&store.User{}).Where("id = ?", userID).Select("role").Row().Scan(&role); err != nil {
			return err
		}
		if err := scopeForRole(scope, role); err != nil {
			return err
		}
		if err := tx.Create(t).Error; err != nil {
			return err
		}
		// A token acts as its owner until revoked, past password changes:
		// who made one, named what, with which scope, is on record (never
		// its secret).
		return tx.Create(&store.AuditEntry{ActorID: &userID, Action: "token.create", TargetType: "user", TargetID: &userID,
			Detail: tokenDetail(t), CreatedAt: t.CreatedAt}).Error
	})
	if errs.Is(err, errs.Forbidden) || errs.Is(err, errs.Invalid) {
		return "", nil, err
	}
	if err != nil {
		return "", nil, errs.Internalf(err, "auth: create token")
	}
	return secret, t, nil
}

// CreateTokenConfirmed issues an API token to a logged-in user who confirms
// it with their current password, as on the settings page: a token outlives
// a password change, so a stolen session must not be able to mint one. A
// wrong password counts as a failed log-in (see checkCurrent).
func (s *Service) CreateTokenConfirmed(ctx context.Context, u *store.User, current, name, scope string) (string, *store.APIToken, error) {
	var f errs.Fields
	if current == "" {
		f.Add("current_password", "field.current_password.token", "Enter your current password to create a token.")
	} else if err := s.checkCurrent(ctx, u, current, &f); err != nil {
		return "", nil, err
	}
	if err := f.Err(); err != nil {
		return "", nil, err
	}
	return s.CreateToken(ctx, u.ID, name, scope)
}

// tokenDetail is how the audit log names a token: `token #12 “CI build”,
// scope write`.
func tokenDetail(t *store.APIToken) string {
	return "token #" + strconv.FormatInt(t.ID, 10) + " “" + t.Name + "”, scope " + t.Scope
}

// DefaultTokenName names a token created without a name.
const DefaultTokenName = "API token"

// UserByToken returns the user of a live API token.
func (s *Service) UserByToken(ctx context.Context, secret string) (*store.User, error) {
	u, _, err := s.TokenOwner(ctx, secret)
	return u, err
}

// TokenOwner returns the user of a live API token and the token's scope.
func (s *Service) TokenOwner(ctx context.Context, secret string) (*store.User, string, error) {
	bad := errs.E(errs.Unauthorized, "auth.bad_token", "The API token is invalid or revoked.")
	if !strings.HasPrefix(secret, TokenPrefix) || len(secret) > 100 {
		return nil, "", bad
	}
	var row struct {
		store.User
		TokenID       int64
		TokenScope    string
		TokenLastUsed *time.Time
	}
	err := s.Store.DB.WithContext(ctx).Table("api_tokens").
		Select("users.*, api_tokens.id AS token_id, api_tokens.scope AS token_scope, api_tokens.last_used_at AS token_last_used").
		Joins("JOIN users ON users.id = api_tokens.user_id").
		Where("api_tokens.token_hash = ? AND api_tokens.revoked_at IS NULL AND users.deactivated_at IS NULL", hashSecret(secret)).
		Take(&row).Error
	if store.IsNotFound(err) {
		return nil, "", bad
	}
	if err != nil {
		return nil, "", errs.Internalf(err, "auth: token")
	}
	now := s.Now().UTC()
	if row.TokenLastUsed == nil || now.Sub(*row.TokenLastUsed) > time.Minute {
		s.Store.DB.WithContext(ctx).Model(&store.APIToken{}).Where("id = ?", row.TokenID).Update("last_used_at", now)
	}
	return &row.User, row.TokenScope, nil
}

// Tokens lists a user's API tokens, newest first.
func (s *Service) Tokens(ctx context.Context, userID int64) ([]store.APIToken, error) {
	var ts []store.APIToken
	err := s.Store.DB.WithContext(ctx).Where("user_id = ?", userID).Order("id DESC").Find(&ts).Error
	if err != nil {
		return nil, errs.Internalf(err, "auth: tokens")
	}
	return ts, nil
}

// RevokeToken revokes one of the actor's tokens (admins may revoke anyone's).
// An administrator's revoking of someone else's token is on record in the
// audit log, about the token's owner, in the same transaction.
func (s *Service) RevokeToken(ctx context.Context, actor *store.User, tokenID int64) error {
	var t store.APIToken
	err := s.Store.DB.WithContext(ctx).Where("id = ?", tokenID).Take(&t).Error
	if store.IsNotFound(err) || (err == nil && t.UserID != actor.ID && actor.Role != store.RoleAdmin) {
		return errs.E(errs.NotFound, "auth.token_not_found", "No such token.")
	}
	if err != nil {
		return errs.Internalf(err, "auth: revoke token")
	}
	now := s.Now().UTC()
	err = s.Store.Tx(ctx, func(tx *gorm.DB) error {
		res := tx.Model(&store.APIToken{}).Where("id = ? AND revoked_at IS NULL", t.ID).Update("revoked_at", now)
		if res.Error != nil || res.RowsAffected == 0 || t.UserID == actor.ID {
			return res.Error // revoked already (a second click), or one's own
		}
		return tx.Create(&store.AuditEntry{ActorID: &actor.ID, Action: "token.revoke", TargetType: "user", TargetID: &t.UserID,
			Detail: tokenDetail(&t), CreatedAt: now}).Error
	})
	if err != nil {
		return errs.Internalf(err, "auth: revoke token")
	}
	return nil
}

// UserByID returns a user.
func (s *Service) UserByID(ctx context.Context, id int64) (*store.User, error) {
	var u store.User
	err := s.Store.DB.WithContext(ctx).Where("id = ?", id).Take(&u).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, errs.E(errs.NotFound, "user.not_found", "No such user.")
	}
	if err != nil {
		return nil, errs.Internalf(err, "auth: user")
	}
	return &u, nil
}

// SetLanguage stores the user's preferred UI language ("" follows the browser).
func (s *Service) SetLanguage(ctx context.Context, userID int64, lang string) error {
	err := s.Store.DB.WithContext(ctx).Model(&store.User{}).Where("id = ?", userID).
		Updates(map[string]any{"language": lang, "updated_at": s.Now().UTC()}).Error
	if err != nil {
		return errs.Internalf(err, "auth: set language")
	}
	return nil
}
