package migrations_test

import (
	"context"
	"embed"
	"fmt"
	"log"
	"os"
	"path/filepath"

	"studio/database"
	"studio/migrations"
)

// The app ships its Drizzle folder inside the binary. "all:" matters:
// without it go:embed leaves out meta/_journal.json (leading '_').
//
//go:embed all:testdata/embedded
var drizzleFolder embed.FS

// migrateOnStartup applies the embedded folder unless
// RUN_MIGRATIONS_ON_STARTUP=false, with the same lock and checks as
// `studio migrate`: several replicas starting at once apply each
// migration exactly once, and drift stops the start-up with a reason.
func migrateOnStartup(ctx context.Context, db *database.DB) error {
	if os.Getenv("RUN_MIGRATIONS_ON_STARTUP") == "false" {
		return nil
	}
	folder, err := migrations.Read(drizzleFolder, "testdata/embedded")
	if err != nil {
		return err
	}
	res, err := migrations.Apply(ctx, db, folder, migrations.ApplyOptions{})
	if err != nil {
		return fmt.Errorf("migrating: %w", err)
	}
	for _, m := range res.Applied {
		log.Printf("applied %s", m.Name)
	}
	return nil
}

func Example() {
	ctx := context.Background()
	dir, _ := os.MkdirTemp("", "example-")
	defer os.RemoveAll(dir)
	target, _ := database.Parse("sqlite:" + filepath.Join(dir, "app.db"))
	db, err := database.Open(ctx, target, database.Options{Create: true})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer db.Close()

	if err := migrateOnStartup(ctx, db); err != nil {
		fmt.Println(err)
		return
	}
	folder, _ := migrations.Read(drizzleFolder, "testdata/embedded")
	rep, _ := migrations.Status(ctx, db, folder, migrations.Config{})
	for _, m := range rep.Migrations {
		fmt.Println(m.Name, m.State)
	}
	// Output:
	// 0000_init applied
	// 0001_names applied
}
