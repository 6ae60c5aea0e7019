// Package searcheval measures the search package on real Stack Exchange
// data dumps and generates corpora for its benchmarks. It reads Posts.xml
// and PostLinks.xml directly (streaming encoding/xml), strips post HTML with
// a small local text extractor (the application proper uses
// internal/markdown.HTMLToText), and reports how well Search and Similar
// find the original of each question closed as a duplicate.
package searcheval
