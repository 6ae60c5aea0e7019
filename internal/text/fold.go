package text

import "golang.org/x/text/cases"

// Fold is s in Unicode's full case folding, the form in which text that
// differs only by case compares equal in any script: "Straße", "STRASSE"
// and "strasse" all fold to "strasse" (ß and ẞ are "ss"), "ΌΣΟΣ" and
// "όσος" to "όσοσ". Text stored folded for search and the words searched
// for are folded alike, in Go, so both databases match the same.
func Fold(s string) string { return cases.Fold().String(s) }
