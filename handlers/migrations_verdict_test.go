package handlers_test

import (
	"context"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"studio/database"
	"studio/handlers"
	"studio/migrations"
)

// lossFolder is a journal folder whose pending migration drops a column
// holding data (the one loss) and adds an index (a note at most).
func lossFolder(t *testing.T, dialect database.Dialect) string {
	t.Helper()
	dir := t.TempDir()
	jd := database.DrizzleName(dialect)
	files := map[string]string{
		"0000_init.sql": `CREATE TABLE "users" ("id" integer PRIMARY KEY, "name" text, "avatar_url" text);`,
		"0001_drop_avatar.sql": `CREATE INDEX "users_name_idx" ON "users" ("name");--> statement-breakpoint
UPDATE "users" SET "name" = 'x' WHERE "name" IS NULL;--> statement-breakpoint
ALTER TABLE "users" DROP COLUMN "avatar_url";`,
		"meta/_journal.json": `{"version":"7","dialect":"` + jd + `","entries":[
			{"idx":0,"version":"6","when":1700000000000,"tag":"0000_init","breakpoints":true},
			{"idx":1,"version":"6","when":1700000100000,"tag":"0001_drop_avatar","breakpoints":true}]}`,
	}
	for name, body := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// lossDB applies 0000 of lossFolder and adds three users (two avatars,
// one NULL name); dir is the folder.
func lossDB(t *testing.T, dialect database.Dialect) (db *database.DB, dir string) {
	t.Helper()
	if dialect == database.Postgres {
		db = openPG(t, "SELECT 1")
	} else {
		var err error
		db, err = database.Open(context.Background(), database.Target{Dialect: database.SQLite, Path: filepath.Join(t.TempDir(), "m.db")}, database.Options{Create: true})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
	}
	dir = lossFolder(t, dialect)
	f, err := migrations.ReadPath(dir)
	if err != nil {
		t.Fatal(err)
	}
	first := *f
	first.Migrations = f.Migrations[:1]
	if _, err := migrations.Apply(context.Background(), db, &first, migrations.ApplyOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ExecContext(context.Background(), `INSERT INTO users VALUES (1, 'ada', 'a.png'), (2, NULL, 'b.png'), (3, 'cy', NULL)`); err != nil {
		t.Fatal(err)
	}
	return db, dir
}

// lossApp serves the studio on lossDB.
func lossApp(t *testing.T, dialect database.Dialect) (*database.DB, func(method, path string, form url.Values) (int, string)) {
	t.Helper()
	db, dir := lossDB(t, dialect)
	app := mustApp(t, db, handlers.Options{Migrations: handlers.MigrationsOptions{Dir: dir}})
	return db, func(method, path string, form url.Values) (int, string) {
		if method == "POST" {
			resp, body := post(t, app, path, form)
			return resp.StatusCode, body
		}
		resp, body := do(t, app, method, path, nil, nil)
		return resp.StatusCode, body
	}
}

// TestMigrationPagesLeadWithTheVerdict: the pending migration's page
// opens with what would be lost (table, column, values), severities
// counted apart; Migrate comes after it and its confirmation repeats the
// loss; the dry run says per statement what changed; an applied
// migration shows its record and offers no run.
func TestMigrationPagesLeadWithTheVerdict(t *testing.T) {
	for _, dialect := range []database.Dialect{database.SQLite, database.Postgres} {
		t.Run(string(dialect), func(t *testing.T) {
			_, call := lossApp(t, dialect)
			code, body := call("GET", "/migrations/m/0001_drop_avatar", nil)
			page := parse(t, body)
			if code != 200 || !page.has(`[data-testid="verdict"]`) {
				t.Fatalf("preview: %d %s", code, body)
			}
			loss := page.text(`[data-testid="verdict-loss"]`)
			if !strings.Contains(loss, "avatar_url") || !strings.Contains(loss, "2 non-null values") || !strings.Contains(loss, "users") {
				t.Errorf("the verdict does not name the loss: %q", loss)
			}
			if got := page.text(`#verdict-title`); !strings.HasPrefix(got, "Data would be lost") {
				t.Errorf("verdict title %q", got)
			}
			// The verdict comes before the Migrate button, the button before
			// the statements.
			html, _ := page.doc.Html()
			v, m, s := strings.Index(html, `data-testid="verdict"`), strings.Index(html, `data-testid="migrate"`), strings.Index(html, `data-testid="statement"`)
			if v < 0 || m < 0 || s < 0 || v > m || m > s {
				t.Errorf("order: verdict %d, migrate %d, statements %d", v, m, s)
			}
			if c := page.attr(`[data-testid="migrate-form"]`, "data-confirm"); !strings.Contains(c, "Data will be lost") || !strings.Contains(c, "avatar_url") {
				t.Errorf("Migrate's confirmation: %q", c)
			}
			// Severities counted apart: the history page's counts add up to
			// the preview's, and info is never called a warning.
			_, hist := call("GET", "/migrations", nil)
			counts := parse(t, hist).text(`[data-state="pending"] [data-testid="severity-counts"]`)
			warnings := page.count(`[data-testid="verdict"] li[data-severity="warning"]`)
			if !strings.Contains(counts, "1 danger") || (warnings == 0) == strings.Contains(counts, "warning") {
				t.Errorf("history counts %q; the verdict lists %d warnings", counts, warnings)
			}
			if !parse(t, hist).has(`[data-testid="verdict"] [data-testid="verdict-loss"]`) {
				t.Errorf("the history page does not lead with the pending migrations' verdict")
			}

			// The dry run: rows affected per statement, the foreign key check.
			code, body = call("POST", "/migrations/dry-run", url.Values{})
			run := parse(t, body)
			if code != 200 || run.has(`[data-testid="run-error"]`) {
				t.Fatalf("dry run: %d %s", code, body)
			}
			rowsCol := run.attrs(`[data-testid="run-statement"] [data-testid="run-rows"]`, "")
			texts := []string{}
			run.doc.Find(`[data-testid="run-statement"]`).Each(func(_ int, s *goquery.Selection) { texts = append(texts, words(s)) })
			if len(texts) != 3 || !strings.Contains(texts[1], `UPDATE "users" SET "name" = 'x'`) || !strings.Contains(texts[1], "1 row") ||
				!strings.Contains(texts[2], `DROP COLUMN "avatar_url"`) {
				t.Errorf("dry run statements: %q (%v)", texts, rowsCol)
			}
			if dialect == database.SQLite && !run.has(`[data-testid="fk-check"]`) {
				t.Errorf("the dry run does not report the foreign key check")
			}

			// The applied migration: its record, no runs.
			_, body = call("GET", "/migrations/m/0000_init", nil)
			applied := parse(t, body)
			if !applied.has(`[data-testid="applied-record"]`) || applied.has(`[data-testid="dry-run"]`) || applied.has(`[data-testid="migrate"]`) {
				t.Errorf("applied migration page: %s", applied.text("main"))
			}
		})
	}
}
