// Package seed fills a Stackdesk database with content.
//
// Demo builds a small, living demo site (users with known passwords, about
// thirty support questions in English and German, answers and comments spread
// over the past two months) by calling the qa and auth services, so every
// count, tag, revision and search outbox row is exactly what real use makes.
//
// Synthetic bulk-loads many generated posts for load and search tests. It
// writes rows directly in batched transactions, each of which also writes the
// derived numbers (answer and comment counts, tag counts, list counters) and
// the search outbox rows for what it inserted, so the database is exact after
// every committed batch.
package seed
