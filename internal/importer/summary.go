package importer

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
)

// Reasons a row is skipped, as counted in a FileSummary.
const (
	ReasonBadRow         = "bad row"                // an attribute is missing or unreadable
	ReasonDuplicateID    = "duplicate id"           // the Id was imported already
	ReasonMissingParent  = "missing parent"         // an answer whose question is not in the dump
	ReasonNotQuestion    = "not a question"         // a parent or duplicate target that is not a question
	ReasonUnknownType    = "unknown post type"      // a PostTypeId Stack Exchange does not define
	ReasonPostType       = "post type not imported" // tag wikis, moderator nominations, ...
	ReasonMissingPost    = "post not in the dump"   // a comment, vote or link on an absent post
	ReasonMissingUser    = "user not in the dump"   // a badge of an absent user
	ReasonCommunity      = "community bot"          // user Id -1, not imported
	ReasonVoteType       = "vote type not imported" // only up (2) and down (3) votes are
	ReasonDuplicateVote  = "duplicate vote"         // the same user's second vote on a post
	ReasonLinkType       = "link type not imported" // only duplicate links (3) are
	ReasonBadge          = "badge not mapped"       // no badge of ours matches
	ReasonBadgeHeld      = "badge already held"     // the user holds it already
	ReasonHistoryType    = "history event not used" // only close events (10) and body versions (2, 5, 8) are
	ReasonOtherBody      = "body not shown"         // a body version whose text is not the post's as shown
	ReasonReopened       = "question reopened"      // a close event of a question the dump shows open
	ReasonTagName        = "tag name not allowed"   // a Tags.xml name our tag rules refuse
	ReasonNoTagsFile     = "no Tags.xml"            // a tag-wiki excerpt without the tag it describes
	ReasonSelfDuplicate  = "duplicate of itself"    // a duplicate link from a question to itself
	maxMessagesPerFile   = 20
	maxMessagesPerReason = 5
)

// ReasonRoleName is why a user is imported under another name: a
// username or display name that claims a role on the site (admin,
// moderator, staff, hotline, IT support, ...), which members may not take.
const ReasonRoleName = "names that claim a role"

// ReasonIDTaken is why a user, post or comment of an import that keeps ids
// is imported under another id: the site gave its id to a row of its own
// (a sign-up, a question) while the import ran.
const ReasonIDTaken = "ids taken meanwhile"

// renameLines says in the summary what each reason of a rename means.
var renameLines = map[string]string{
	ReasonRoleName: "renamed %d: names that claim a role, which members may not take",
	ReasonIDTaken:  "renumbered %d: ids the site gave to rows of its own while the import ran",
}

// noLine marks a problem counted without a message (its row is not known).
const noLine = -1

// problem is why one row was skipped, with its line.
type problem struct {
	Line   int
	Reason string
	Msg    string
}

// FileSummary is what one file of the dump gave.
type FileSummary struct {
	File     string
	Present  bool             // the file exists in the dump folder
	Done     bool             // finished by an earlier run, not read again
	Resumed  int64            // rows committed by an earlier run and passed over
	NewIDs   bool             // its rows got new ids (the table had rows), mapped in import_ids
	Read     int64            // rows read by this run
	Imported int64            // rows this run wrote
	Skipped  map[string]int64 // rows skipped, by reason
	Messages []string         // the first skipped rows, as "File:line: what"
	Omitted  int64            // skipped rows not listed in Messages
	// Renamed counts rows imported under another name or id than the
	// dump's, by reason (ReasonRoleName, ReasonIDTaken), and RenameMessages
	// lists the first of them.
	Renamed        map[string]int64
	RenameMessages []string
	renameReasons  []string // the reason of each of RenameMessages
	Seconds        float64
	// WriteSeconds is the part of Seconds spent in batch transactions, while
	// other goroutines read and convert the rows that follow.
	WriteSeconds float64
	Err          error // a problem that stopped this file (truncated, malformed, database)
}

// SkippedTotal is the number of rows skipped for any reason.
func (f *FileSummary) SkippedTotal() int64 {
	var n int64
	for _, v := range f.Skipped {
		n += v
	}
	return n
}

// RowsPerSecond is how fast this run read the file.
func (f *FileSummary) RowsPerSecond() float64 {
	if f.Seconds <= 0 {
		return 0
	}
	return float64(f.Read) / f.Seconds
}

// skip counts a skipped row and keeps its message while there is room.
func (f *FileSummary) skip(p problem) {
	if f.Skipped == nil {
		f.Skipped = map[string]int64{}
	}
	f.Skipped[p.Reason]++
	if p.Line == noLine {
		return
	}
	if len(f.Messages) < maxMessagesPerFile && f.Skipped[p.Reason] <= maxMessagesPerReason {
		f.Messages = append(f.Messages, fmt.Sprintf("%s:%d: %s", f.File, p.Line, p.Msg))
	} else {
		f.Omitted++
	}
}

// rename counts a row imported under another name and keeps its message
// while there is room.
func (f *FileSummary) rename(p problem) {
	if f.Renamed == nil {
		f.Renamed = map[string]int64{}
	}
	f.Renamed[p.Reason]++
	if len(f.RenameMessages) < maxMessagesPerFile {
		f.RenameMessages = append(f.RenameMessages, fmt.Sprintf("%s:%d: %s", f.File, p.Line, p.Msg))
		f.renameReasons = append(f.renameReasons, p.Reason)
	}
}

// RenamedTotal is the number of rows imported under another name.
func (f *FileSummary) RenamedTotal() int64 {
	var n int64
	for _, v := range f.Renamed {
		n += v
	}
	return n
}

// Summary is the outcome of one import run.
type Summary struct {
	Site    string
	Files   []*FileSummary
	Notes   []string // remarks on the whole import, such as unresolved links
	Seconds float64
}

// File returns the summary of one file, or nil if it was not considered.
func (s *Summary) File(name string) *FileSummary {
	for _, f := range s.Files {
		if f.File == name {
			return f
		}
	}
	return nil
}

// Totals adds up rows read, imported and skipped over all files.
func (s *Summary) Totals() (read, imported, skipped int64) {
	for _, f := range s.Files {
		read += f.Read
		imported += f.Imported
		skipped += f.SkippedTotal()
	}
	return read, imported, skipped
}

// Write prints the summary as the CLI shows it: one block per file with its
// counts, skip reasons and first messages, then the totals.
func (s *Summary) Write(w io.Writer) {
	fmt.Fprintf(w, "Import of %s\n", s.Site)
	for _, f := range s.Files {
		switch {
		case !f.Present:
			fmt.Fprintf(w, "  %-16s not in the dump\n", f.File)
			continue
		case f.Done:
			fmt.Fprintf(w, "  %-16s already imported by an earlier run\n", f.File)
			continue
		}
		fmt.Fprintf(w, "  %-16s read %d, imported %d, skipped %d in %.2f s (%.0f rows/s)",
			f.File, f.Read, f.Imported, f.SkippedTotal(), f.Seconds, f.RowsPerSecond())
		if f.Resumed > 0 {
			fmt.Fprintf(w, "; resumed after %d rows done earlier", f.Resumed)
		}
		if f.NewIDs {
			fmt.Fprint(w, "; new ids, as the site had such rows already (the dump's ids are mapped)")
		}
		fmt.Fprintln(w)
		for _, r := range slices.Sorted(maps.Keys(f.Skipped)) {
			fmt.Fprintf(w, "      skipped %d: %s\n", f.Skipped[r], r)
		}
		for _, m := range f.Messages {
			fmt.Fprintf(w, "      %s\n", m)
		}
		if f.Omitted > 0 {
			fmt.Fprintf(w, "      ... and %d more skipped rows\n", f.Omitted)
		}
		for _, r := range slices.Sorted(maps.Keys(f.Renamed)) {
			// Each heading, then its own rows.
			fmt.Fprintf(w, "      "+renameLines[r]+"\n", f.Renamed[r])
			n := f.Renamed[r]
			for i, m := range f.RenameMessages {
				if f.renameReasons[i] == r {
					fmt.Fprintf(w, "        %s\n", m)
					n--
				}
			}
			if n > 0 {
				fmt.Fprintf(w, "        ... and %d more\n", n)
			}
		}
		if f.Err != nil {
			fmt.Fprintf(w, "      error: %v\n", f.Err)
		}
	}
	for _, n := range s.Notes {
		fmt.Fprintf(w, "  note: %s\n", n)
	}
	read, imported, skipped := s.Totals()
	rate := 0.0
	if s.Seconds > 0 {
		rate = float64(read) / s.Seconds
	}
	fmt.Fprintf(w, "Total: read %d rows, imported %d, skipped %d in %.2f s (%.0f rows/s)\n",
		read, imported, skipped, s.Seconds, rate)
}

// String is the summary as Write prints it.
func (s *Summary) String() string {
	var b strings.Builder
	s.Write(&b)
	return b.String()
}
