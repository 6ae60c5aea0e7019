// Command stackdesk runs the Stackdesk Q&A server and its maintenance tasks.
//
//	stackdesk serve [--addr ADDR] [--demo]
//	stackdesk migrate [up|status]
//	stackdesk user create --username NAME --email EMAIL --password PASS [--display-name NAME] [--role ROLE]
//	stackdesk user role --username NAME --role ROLE
//	stackdesk user deactivate|reactivate --username NAME
//	stackdesk user password-link --username NAME
//	stackdesk seed --demo | --synthetic N
//	stackdesk reindex
//	stackdesk rerender
//	stackdesk check [--fix]
//	stackdesk import-se [--site NAME] [--batch N] [--reindex] [--quiet] DIR
//	stackdesk uploads prune [--older-than 30d] [--dry-run]
//
// Settings come from STACKDESK_* environment variables (see README.md).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"stackdesk/internal/app"
	"stackdesk/internal/errs"
)

const usage = `Usage: stackdesk COMMAND [flags]

Commands:
  serve                 serve the web pages and the JSON API
  migrate [up|status]   apply database migrations, or list them
  user create           create a user (--username --email --password
                        [--display-name] [--role])
  user role             give a user another role (--username --role)
  user deactivate|reactivate
                        end an account's log-ins and API tokens, or let it log in again (--username)
  user password-link    print a one-time link that sets a user's password (--username)
  seed                  fill the database (--demo: demo site; --synthetic N: N generated posts)
  reindex               rebuild the search index from the database (progress bar and summary)
  rerender              render stored posts and comments again after an upgrade (progress bar and summary)
  check [--fix]         recompute every derived number from the truth; report or repair drift
  import-se DIR         import a Stack Exchange data dump (resumable; --reindex, --site, --batch)
  uploads prune         delete the uploaded images no post shows (--older-than 30d, --dry-run)

Settings come from STACKDESK_* environment variables; see README.md.
`

// stopSignals end the process gracefully: serve finishes the requests in
// flight, long commands stop at a safe point.
var stopSignals = []os.Signal{os.Interrupt, syscall.SIGTERM}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), stopSignals...)
	defer stop()
	app.TuneGC() // serving, reindexing and importing all allocate much over a small live heap
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return // -h: the usage is printed, and asking for it is no failure
		}
		fmt.Fprintln(os.Stderr, "stackdesk:", describe(err))
		var ue usageError
		if errors.As(err, &ue) {
			os.Exit(2) // a wrong command line, as the flag package has it
		}
		os.Exit(1)
	}
}

// usageError is a command line that is wrong (an unknown command, flag or
// argument, a flag out of range or missing, a value refused before anything
// ran): main exits 2 for it, 1 for a failure. err, if any, is the refusal
// it stands for, whose fields describe names as flags.
type usageError struct {
	msg string
	err error
}

func (e usageError) Error() string { return e.msg }

func (e usageError) Unwrap() error { return e.err }

// refusedFlags makes the refusal of a command's flag values, checked
// before anything runs, a usage error; nil stays nil.
func refusedFlags(cmd string, err error) error {
	if err == nil {
		return nil
	}
	return usageError{msg: cmd + ": " + err.Error(), err: err}
}

// usagef makes a usageError.
func usagef(format string, args ...any) error { return usageError{msg: fmt.Sprintf(format, args...)} }

// newFlags makes a command's flag set. Its usage, for -h and a wrong flag
// alike, is "Usage: stackdesk " and synopsis (a first line, maybe more text),
// then the flags, on stderr. The flag package's own line about a wrong flag
// is left out: main says what was wrong, once, after the usage.
func newFlags(name, synopsis string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {
		fmt.Fprint(stderr, "Usage: stackdesk "+synopsis)
		if hasFlags(fs) {
			fmt.Fprint(stderr, "\nFlags:\n")
			fs.SetOutput(stderr)
			fs.PrintDefaults()
			fs.SetOutput(io.Discard)
		}
	}
	return fs
}

// parseFlags parses a command's flags and refuses arguments it does not
// take; both mistakes are usage errors, after the command's usage (which
// the flag package prints for a wrong flag, and which is printed here for
// an argument too). A command that defines no flags says so of any flag.
func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		if wrong := firstFlag(args); wrong != "" && !hasFlags(fs) {
			return usagef("%s takes no flags, got %q", fs.Name(), wrong)
		}
		return usageError{msg: fs.Name() + ": " + err.Error()}
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return usagef("%s takes no arguments, got %q", fs.Name(), fs.Arg(0))
	}
	return nil
}

// hasFlags reports whether fs defines any flag.
func hasFlags(fs *flag.FlagSet) bool {
	n := 0
	fs.VisitAll(func(*flag.Flag) { n++ })
	return n > 0
}

// firstFlag is the first of args that reads as a flag, as typed ("--bogus"),
// or "" for none: for a command without flags, the one the parser refused.
func firstFlag(args []string) string {
	for _, a := range args {
		if a == "--" || !strings.HasPrefix(a, "-") || a == "-" {
			return ""
		}
		return a
	}
	return ""
}

// describe writes an error for a terminal: the fields of refused input one
// a line, named as the flags that set them.
func describe(err error) string {
	var e *errs.Error
	if !errors.As(err, &e) || len(e.Fields) == 0 {
		return err.Error()
	}
	var b strings.Builder
	b.WriteString("refused:")
	for _, f := range e.Fields {
		fmt.Fprintf(&b, "\n  --%s: %s", strings.ReplaceAll(f.Field, "_", "-"), f.Msg.Text)
	}
	return b.String()
}

// run dispatches a command line; tests call it directly.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return usagef("no command given")
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "serve":
		return cmdServe(ctx, rest, getenv, stdout, stderr)
	case "migrate":
		return cmdMigrate(ctx, rest, getenv, stdout, stderr)
	case "user":
		return cmdUser(ctx, rest, getenv, stdout, stderr)
	case "seed":
		return cmdSeed(ctx, rest, getenv, stdout, stderr)
	case "reindex":
		return cmdReindex(ctx, rest, getenv, stdout, stderr)
	case "rerender":
		return cmdRerender(ctx, rest, getenv, stdout, stderr)
	case "check":
		return cmdCheck(ctx, rest, getenv, stdout, stderr)
	case "import-se":
		return cmdImportSE(ctx, rest, getenv, stdout, stderr)
	case "uploads":
		return cmdUploads(ctx, rest, getenv, stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stderr, usage)
	return usagef("unknown command %q", cmd)
}

// newLogger builds the process logger from the configured format and level.
func newLogger(format, level string, w io.Writer) *slog.Logger {
	var lv slog.Level
	lv.UnmarshalText([]byte(level))
	opts := &slog.HandlerOptions{Level: lv}
	if format == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}
