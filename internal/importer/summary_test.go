package importer

import (
	"strings"
	"testing"
)

// TestSummaryListsRenamedRowsUnderTheirHeading: a file with rows renamed
// for a role name and rows renumbered prints each heading with its own rows.
func TestSummaryListsRenamedRowsUnderTheirHeading(t *testing.T) {
	f := &FileSummary{File: "Users.xml", Present: true}
	f.rename(problem{Line: 3, Reason: ReasonRoleName, Msg: "first role name"})
	f.rename(problem{Line: 4, Reason: ReasonIDTaken, Msg: "renumbered user"})
	f.rename(problem{Line: 5, Reason: ReasonRoleName, Msg: "second role name"})
	out := (&Summary{Site: "s", Files: []*FileSummary{f}}).String()
	want := "      renumbered 1: ids the site gave to rows of its own while the import ran\n" +
		"        Users.xml:4: renumbered user\n" +
		"      renamed 2: names that claim a role, which members may not take\n" +
		"        Users.xml:3: first role name\n" +
		"        Users.xml:5: second role name\n"
	if !strings.Contains(out, want) {
		t.Errorf("summary:\n%s\nwant the lines\n%s", out, want)
	}
}
