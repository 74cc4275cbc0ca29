package review

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"studio/internal/sqlitetest"
)

// migration200 is a 200-statement migration mixing what real folders do:
// new tables and indexes, new columns with a backfill, drops, and a
// Drizzle rebuild of a live table every 40 statements.
func migration200() string {
	var parts []string
	for i := 0; len(parts) < 200; i++ {
		switch i % 8 {
		case 0:
			parts = append(parts, fmt.Sprintf("CREATE TABLE `t%d` (\n\t`id` integer PRIMARY KEY NOT NULL,\n\t`name` text NOT NULL,\n"+
				"\t`post_id` integer REFERENCES `posts`(`id`) ON DELETE cascade\n);\n", i))
		case 1:
			parts = append(parts, fmt.Sprintf("CREATE INDEX `t%d_name_idx` ON `t%d` (`name`);", i-1, i-1))
		case 2:
			parts = append(parts, fmt.Sprintf("ALTER TABLE `posts` ADD `c%d` text DEFAULT 'x' NOT NULL;", i))
		case 3:
			parts = append(parts, fmt.Sprintf("UPDATE `posts` SET `c%d` = `title` WHERE `id` > 0;", i-1))
		case 4:
			parts = append(parts, fmt.Sprintf("DROP TABLE `t%d`;", i-4))
		case 5:
			parts = append(parts, "/* a comment with DROP TABLE posts; */ SELECT 'DELETE FROM posts';")
		case 6:
			parts = append(parts, fmt.Sprintf("ALTER TABLE `authors` RENAME COLUMN `bio` TO `bio%d`;", i))
		case 7:
			if i%40 == 39 {
				parts = append(parts, strings.Split(drizzleRebuild, breakpoint)...)
			} else {
				parts = append(parts, "INSERT INTO `comments` (`post_id`, `body`) SELECT `id`, `title` FROM `posts`;")
			}
		}
	}
	return strings.Join(parts[:200], "\n"+breakpoint+"\n")
}

func BenchmarkAnalyze200(b *testing.B) {
	sql := migration200()
	stmts := chunks("0001_big.sql", sql)
	db := sqlitetest.New(b, sqliteSchema).DB
	model := liveModel(b, db, "sqlite")
	ctx := context.Background()
	run := func(b *testing.B, q Counter) {
		b.SetBytes(int64(len(sql)))
		b.ReportAllocs()
		for b.Loop() {
			if _, err := Analyze(ctx, q, "sqlite", model, stmts); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.Run("with-live-counts", func(b *testing.B) { run(b, db) })
	b.Run("no-database", func(b *testing.B) { run(b, nil) })
}

func BenchmarkHighlight(b *testing.B) {
	sql := migration200()
	b.SetBytes(int64(len(sql)))
	for b.Loop() {
		Highlight(sql)
	}
}
