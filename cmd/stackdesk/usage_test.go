package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// switchCases returns the string cases of the switch statements in the
// function fn of file: the commands (or subcommands) it dispatches on.
func switchCases(t *testing.T, file, fn string) []string {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), file, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Name.Name != fn {
			continue
		}
		ast.Inspect(fd.Body, func(n ast.Node) bool {
			if sw, ok := n.(*ast.SwitchStmt); ok && sw.Tag != nil {
				for _, c := range sw.Body.List {
					for _, e := range c.(*ast.CaseClause).List {
						if lit, ok := e.(*ast.BasicLit); ok && lit.Kind == token.STRING {
							s, _ := strconv.Unquote(lit.Value)
							out = append(out, s)
						}
					}
				}
				return false // nested switches are another matter
			}
			return true
		})
	}
	if len(out) == 0 {
		t.Fatalf("no cases found in %s of %s", fn, file)
	}
	return out
}

// TestUsageListsEveryCommand: `stackdesk -h` names every command the
// dispatcher runs (read from run's switch) and every subcommand of user
// (read from cmdUser's), uploads and migrate.
func TestUsageListsEveryCommand(t *testing.T) {
	out, err := cli(t, t.TempDir(), "-h")
	if err != nil {
		t.Fatal(err)
	}
	listed := func(cmd string) bool {
		words := strings.Fields(cmd)
		re := `(?m)^  ` + regexp.QuoteMeta(words[0]) + `\b`
		if len(words) > 1 {
			re += ` \[?([a-z-]+[|\]])*` + regexp.QuoteMeta(words[1]) + `\b`
		}
		return regexp.MustCompile(re).MatchString(out)
	}
	for _, cmd := range switchCases(t, "main.go", "run") {
		if strings.HasPrefix(cmd, "-") || cmd == "help" {
			continue
		}
		var subs []string
		switch cmd {
		case "user":
			subs = switchCases(t, "user.go", "cmdUser")
		case "uploads":
			subs = []string{"prune"}
		case "migrate":
			subs = []string{"up", "status"} // "status" is the switch's default
		}
		if !listed(cmd) {
			t.Errorf("the usage does not list %q:\n%s", cmd, out)
		}
		for _, s := range subs {
			if !listed(cmd + " " + s) {
				t.Errorf("the usage does not list %q:\n%s", cmd+" "+s, out)
			}
		}
	}
}

// TestFlagErrorsAndHelpAreUniform: every command's -h prints a usage that
// starts "Usage: stackdesk COMMAND", its text (below that line, above the
// flags) in lines of at most 80 columns; a flag it does not define, and an
// argument it does not take, print that same usage, and what was wrong is
// said once, by the error main prints (a command without flags says it
// takes none, naming the flag as typed).
func TestFlagErrorsAndHelpAreUniform(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{
		"STACKDESK_DATABASE_URL": "sqlite://" + filepath.Join(dir, "db.sqlite"),
		"STACKDESK_INDEX_DIR":    filepath.Join(dir, "index"),
	}
	call := func(args ...string) (string, error) {
		var out, errOut bytes.Buffer
		err := run(context.Background(), args, func(k string) string { return env[k] }, &out, &errOut)
		return errOut.String(), err
	}
	flagless := map[string]bool{"reindex": true, "rerender": true, "migrate up": true, "migrate status": true}
	for _, cmd := range [][]string{{"migrate", "up"}, {"migrate", "status"}, {"serve"}, {"check"}, {"seed"}, {"reindex"}, {"rerender"}, {"import-se"}, {"uploads", "prune"},
		{"user", "create"}, {"user", "role"}, {"user", "deactivate"}, {"user", "reactivate"}, {"user", "password-link"}} {
		name := strings.Join(cmd, " ")
		help, err := call(append(cmd, "-h")...)
		if !errors.Is(err, flag.ErrHelp) || !regexp.MustCompile(`^Usage: stackdesk `+name+`[ \n]`).MatchString(help) {
			t.Errorf("%s -h: %v\n%s", name, err, help)
		}
		text, _, _ := strings.Cut(help, "\nFlags:\n")
		for _, line := range strings.Split(text, "\n")[1:] {
			if len([]rune(line)) > 80 {
				t.Errorf("%s -h: a line of %d columns: %q", name, len([]rune(line)), line)
			}
		}
		want := name + ": flag provided but not defined: -bogus"
		if flagless[name] {
			want = name + ` takes no flags, got "--bogus"`
		}
		wrong := map[string][]string{"--bogus": {want}, "extra": {name + ` takes no arguments, got "extra"`}}
		if name == "import-se" {
			wrong["extra"] = []string{"import-se: give one dump folder", "two", "folders"}
		}
		for arg, w := range wrong {
			usage, err := call(append(append(cmd, arg), w[1:]...)...)
			var ue usageError
			if !errors.As(err, &ue) || err.Error() != w[0] {
				t.Errorf("%s %s: %v, want %s", name, arg, err, w[0])
			}
			if usage != help || strings.Contains(usage, strings.TrimLeft(arg, "-")) {
				t.Errorf("%s %s printed, besides the error:\n%s\nwant the usage of -h:\n%s", name, arg, usage, help)
			}
		}
	}
	for _, cmd := range []string{"migrate", "user", "uploads"} {
		if help, err := call(cmd, "-h"); !errors.Is(err, flag.ErrHelp) || !regexp.MustCompile(`^Usage: stackdesk `+cmd+`[ \n]`).MatchString(help) {
			t.Errorf("%s -h: %v\n%s", cmd, err, help)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "db.sqlite")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a wrong command line made a database: %v", err)
	}
}
