package main

import (
	"go/ast"
	"go/parser"
	"go/token"
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
