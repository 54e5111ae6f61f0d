// Package migrations holds the versioned SQL schema for each database,
// embedded into the binary. Each file is applied in its own transaction.
package migrations

import "embed"

// FS holds postgres/*.sql and sqlite/*.sql.
//
//go:embed postgres/*.sql sqlite/*.sql
var FS embed.FS
