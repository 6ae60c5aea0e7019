package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"

	"stackdesk/internal/app"
	"stackdesk/internal/auth"
	"stackdesk/internal/config"
	"stackdesk/internal/store"
)

func cmdUser(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	if len(args) == 0 || args[0] != "create" {
		return fmt.Errorf("user: want 'user create --username NAME --email EMAIL --password PASS [--role ROLE]'")
	}
	fs := flag.NewFlagSet("user create", flag.ContinueOnError)
	fs.SetOutput(os.Stderr)
	username := fs.String("username", "", "username (3-30 of a-z 0-9 . _ -)")
	email := fs.String("email", "", "e-mail address")
	password := fs.String("password", "", "password (at least 8 characters)")
	display := fs.String("display-name", "", "display name (default: the username)")
	role := fs.String("role", store.RoleUser, "user, moderator, analyst, admin or hotline")
	if err := fs.Parse(args[1:]); err != nil {
		return err
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
	u, err := a.Auth.CreateUser(ctx, auth.SignUp{Username: *username, Email: *email, Password: *password, DisplayName: *display}, *role)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "created user %d %s (%s)\n", u.ID, u.Username, u.Role)
	return nil
}
