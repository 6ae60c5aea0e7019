package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"

	"stackdesk/internal/app"
	"stackdesk/internal/auth"
	"stackdesk/internal/config"
	"stackdesk/internal/store"
)

// userUsage is the user command's usage, after "Usage: stackdesk ".
const userUsage = `user create --username NAME --email EMAIL --password PASS [--display-name NAME] [--role ROLE]
       stackdesk user role --username NAME --role ROLE
       stackdesk user deactivate|reactivate --username NAME
       stackdesk user password-link --username NAME
`

func cmdUser(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	const usage = "user: want 'user create --username NAME --email EMAIL --password PASS [--display-name NAME] [--role ROLE]', 'user role --username NAME --role ROLE', 'user deactivate|reactivate --username NAME' or 'user password-link --username NAME'"
	if len(args) == 0 {
		fmt.Fprint(stderr, "Usage: stackdesk "+userUsage)
		return usageError{msg: usage}
	}
	if args[0] == "-h" || args[0] == "-help" || args[0] == "--help" {
		fmt.Fprint(stderr, "Usage: stackdesk "+userUsage)
		return flag.ErrHelp
	}
	var do func(a *app.App) error
	switch args[0] {
	case "create":
		fs := newFlags("user create", "user create --username NAME --email EMAIL --password PASS [--display-name NAME] [--role ROLE]\n", stderr)
		username := fs.String("username", "", "username (3-30 of a-z 0-9 . _ -, at least one letter)")
		email := fs.String("email", "", "e-mail address")
		password := fs.String("password", "", "password (at least 8 characters)")
		display := fs.String("display-name", "", "display name (default: the username)")
		role := fs.String("role", store.RoleUser, "user, moderator, analyst, admin or hotline")
		if err := parseFlags(fs, args[1:]); err != nil {
			return err
		}
		if err := auth.CheckNewUser(auth.SignUp{Username: *username, Email: *email, Password: *password, DisplayName: *display}, *role); err != nil {
			return refusedFlags("user create", err) // a value missing or malformed: nothing runs
		}
		do = func(a *app.App) error {
			u, err := a.Auth.CreateUserAudited(ctx, auth.SignUp{Username: *username, Email: *email, Password: *password, DisplayName: *display}, *role)
			if err != nil {
				return err
			}
			fmt.Fprintf(stdout, "created user %d %s (%s)\n", u.ID, u.Username, u.Role)
			return nil
		}
	case "role":
		fs := newFlags("user role", "user role --username NAME --role ROLE\n", stderr)
		username := fs.String("username", "", "the user's username")
		role := fs.String("role", "", "user, moderator, analyst, admin or hotline")
		if err := parseFlags(fs, args[1:]); err != nil {
			return err
		}
		if *username == "" || *role == "" {
			return usagef("user role: --username and --role are required")
		}
		if err := auth.CheckRole(*role); err != nil {
			return refusedFlags("user role", err)
		}
		do = func(a *app.App) error {
			u, err := findUser(ctx, a, "user role", *username)
			if err != nil {
				return err
			}
			was := u.Role
			if u, err = a.Auth.AssignRole(ctx, u.ID, *role, nil); err != nil {
				return err
			}
			fmt.Fprintf(stdout, "user %d %s: %s (was %s)\n", u.ID, u.Username, u.Role, was)
			return nil
		}
	case "deactivate", "reactivate":
		name := "user " + args[0]
		fs := newFlags(name, name+" --username NAME\n", stderr)
		username := fs.String("username", "", "the user's username")
		if err := parseFlags(fs, args[1:]); err != nil {
			return err
		}
		if *username == "" {
			return usagef("%s: --username is required", name)
		}
		active := args[0] == "reactivate"
		do = func(a *app.App) error {
			u, err := findUser(ctx, a, name, *username)
			if err != nil {
				return err
			}
			if u, err = a.Auth.AssignActive(ctx, u.ID, active, nil); err != nil {
				return err
			}
			state := "active"
			if !u.Active() {
				state = "deactivated (sessions ended, API tokens revoked)"
			}
			fmt.Fprintf(stdout, "user %d %s: %s\n", u.ID, u.Username, state)
			return nil
		}
	case "password-link":
		fs := newFlags("user password-link", "user password-link --username NAME\n", stderr)
		username := fs.String("username", "", "the user's username")
		if err := parseFlags(fs, args[1:]); err != nil {
			return err
		}
		if *username == "" {
			return usagef("user password-link: --username is required")
		}
		do = func(a *app.App) error { return printPasswordLink(ctx, a, *username, stdout, stderr) }
	default:
		fmt.Fprint(stderr, "Usage: stackdesk "+userUsage)
		return usageError{msg: usage}
	}
	cfg, err := config.Load(getenv)
	if err != nil {
		return err
	}
	a, err := app.New(ctx, cfg, app.Options{})
	if err != nil {
		return err
	}
	defer a.Shutdown(context.Background())
	return do(a)
}

// printPasswordLink prints a one-time link that sets a user's password: how
// an imported account (which has none) is claimed.
func printPasswordLink(ctx context.Context, a *app.App, username string, stdout, stderr io.Writer) error {
	u, err := findUser(ctx, a, "user password-link", username)
	if err != nil {
		return err
	}
	secret, expires, err := a.Auth.IssuePasswordLink(ctx, u.ID, nil)
	if err != nil {
		return err
	}
	base := strings.TrimSuffix(a.Config.BaseURL, "/")
	if base == "" {
		host := a.Config.Addr
		if strings.HasPrefix(host, ":") {
			host = "localhost" + host
		}
		base = "http://" + host
		fmt.Fprintf(stderr, "note: STACKDESK_BASE_URL is not set; the link uses %s, which only works on this machine\n", base)
	}
	fmt.Fprintf(stdout, "%s/password/%s\nvalid once, until %s; send it to %s yourself\n", base, secret,
		expires.Format("2006-01-02 15:04 MST"), u.Username)
	return nil
}

// findUser finds a user by username for the command cmd.
func findUser(ctx context.Context, a *app.App, cmd, username string) (*store.User, error) {
	var u store.User
	err := a.Store.DB.WithContext(ctx).Where("username = ?", auth.NormalizeUsername(username)).Take(&u).Error
	if store.IsNotFound(err) {
		return nil, fmt.Errorf("%s: no user %q", cmd, username)
	}
	if err != nil {
		return nil, err
	}
	return &u, nil
}
