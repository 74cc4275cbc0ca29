package migrations_test

import (
	"context"
	"embed"
	"errors"
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

// A migration merged late with an older `when` than one already applied:
// drizzle-orm's migrator would skip it forever, so Apply refuses to run,
// naming it and why, until AllowOutOfOrder.
func Example_outOfOrder() {
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
	write := func(name, content string) {
		path := filepath.Join(dir, "drizzle", name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			panic(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			panic(err)
		}
	}
	folder := func(entries string) *migrations.Folder {
		write("meta/_journal.json", `{"dialect":"sqlite","entries":[`+entries+`]}`)
		f, err := migrations.ReadPath(filepath.Join(dir, "drizzle"))
		if err != nil {
			panic(err)
		}
		return f
	}
	for _, name := range []string{"0000_a", "0001_b", "0002_late"} {
		write(name+".sql", "CREATE TABLE t"+name[:4]+" (x int);")
	}
	early := `{"idx":0,"when":1700000000228,"tag":"0000_a"},{"idx":1,"when":1700000000698,"tag":"0001_b"}`
	if _, err := migrations.Apply(ctx, db, folder(early), migrations.ApplyOptions{}); err != nil {
		fmt.Println(err)
		return
	}
	f := folder(early + `,{"idx":2,"when":1700000000500,"tag":"0002_late"}`)

	_, err = migrations.Apply(ctx, db, f, migrations.ApplyOptions{})
	var drift *migrations.DriftError
	if errors.As(err, &drift) {
		for _, s := range drift.OutOfOrder {
			fmt.Println("refused:", s.File, "- drizzle-orm would", s.OutOfOrder.Drizzle, "it")
		}
	}
	res, err := migrations.Apply(ctx, db, f, migrations.ApplyOptions{AllowOutOfOrder: true})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("applied:", res.Applied[0].Name, res.Applied[0].CreatedAt)
	// Output:
	// refused: 0002_late.sql - drizzle-orm would skip it
	// applied: 0002_late 1700000000500
}
