package sqlite_test

import (
	"context"
	"crypto/sha256"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"studio/database"
	"studio/internal/sqlitetest"
	"studio/plan"
)

func fileSum(t *testing.T, path string) [32]byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b)
}

func foreignKeysOn(t *testing.T, db *database.DB) bool {
	t.Helper()
	var on bool
	if err := db.QueryRowContext(context.Background(), "PRAGMA foreign_keys").Scan(&on); err != nil {
		t.Fatal(err)
	}
	return on
}

// TestApplySQLiteFailureLeavesDatabaseUntouched makes plans fail midway,
// after a rebuild has already dropped and renamed tables, and checks the
// file is byte for byte what it was, with foreign keys back on.
func TestApplySQLiteFailureLeavesDatabaseUntouched(t *testing.T) {
	cases := []struct {
		name, live, seed, desired string
		wantStep                  string // the failing step's SQL prefix, or "" for the FK check
		wantErr                   string
	}{
		{name: "NOT NULL over NULLs",
			live: peopleSchema + "CREATE TABLE pets (id INTEGER PRIMARY KEY, owner INT REFERENCES people(id) ON DELETE CASCADE);",
			seed: peopleRows + "INSERT INTO pets VALUES (1, 1), (2, 2);",
			desired: strings.Replace(peopleSchema, "email TEXT", "email TEXT NOT NULL", 1) +
				"CREATE TABLE pets (id INTEGER PRIMARY KEY, owner INT REFERENCES people(id) ON DELETE CASCADE, name TEXT CHECK (name <> ''));",
			wantStep: `INSERT INTO "__new_people"`, wantErr: "NOT NULL constraint failed"},
		{name: "unique index over duplicates after a rebuild",
			live:     "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT);",
			seed:     "INSERT INTO t (a) VALUES ('x'), ('x');",
			desired:  "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT CHECK (a <> ''));\nCREATE UNIQUE INDEX t_a ON t (a);",
			wantStep: "CREATE UNIQUE INDEX", wantErr: "UNIQUE constraint failed"},
		{name: "dropped parent with child rows fails the foreign key check",
			live:    "CREATE TABLE p (id INTEGER PRIMARY KEY);\nCREATE TABLE c (id INTEGER PRIMARY KEY, p INT REFERENCES p(id) ON DELETE CASCADE);",
			seed:    "INSERT INTO p VALUES (1), (2); INSERT INTO c VALUES (1, 1), (2, 2);",
			desired: "CREATE TABLE c (id INTEGER PRIMARY KEY, p INT REFERENCES p(id) ON DELETE CASCADE);",
			wantErr: "foreign key check failed, nothing applied: the plan leaves rows whose parent row is missing: 2 row(s) of c -> p"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			db := sqlitetest.New(t)
			path := db.Target.Path
			db.SetMaxOpenConns(1) // the connection Apply pins is the one checked after
			mustExec(t, db, c.live)
			mustExec(t, db, c.seed)
			desired := mustDesired(t, db, c.desired)
			p, err := plan.Diff(mustInspect(t, db), desired, plan.Options{})
			if err != nil {
				t.Fatal(err)
			}
			sum := fileSum(t, path)
			err = plan.Apply(context.Background(), db, p, plan.ApplyOptions{AcceptDataLoss: true})
			if err == nil || !strings.Contains(err.Error(), c.wantErr) {
				t.Fatalf("Apply = %v, want %q\nplan:\n%s", err, c.wantErr, render(p))
			}
			var se *plan.StepError
			switch {
			case c.wantStep == "" && errors.As(err, &se):
				t.Errorf("a foreign key failure is not a step's: %v", err)
			case c.wantStep != "" && (!errors.As(err, &se) || !strings.HasPrefix(se.Step.SQL, c.wantStep)):
				t.Errorf("Apply = %v, want a *StepError for %q", err, c.wantStep)
			}
			if !strings.Contains(err.Error(), "nothing applied") {
				t.Errorf("error does not say nothing was applied: %v", err)
			}
			if fileSum(t, path) != sum {
				t.Error("the database file changed")
			}
			if _, err := os.Stat(path + "-journal"); !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("a journal is left behind: %v", err)
			}
			if !foreignKeysOn(t, db) {
				t.Error("foreign keys were not switched back on")
			}
		})
	}
}

// TestApplySQLiteOldViolationsNotBlamed runs a rebuild on a database that
// already holds a row breaking a foreign key: the check before COMMIT
// blames only what the plan added.
func TestApplySQLiteOldViolationsNotBlamed(t *testing.T) {
	db := sqlitetest.New(t)
	db.SetMaxOpenConns(1)
	mustExec(t, db, "CREATE TABLE p (id INTEGER PRIMARY KEY);\nCREATE TABLE c (id INTEGER PRIMARY KEY, p INT REFERENCES p(id));")
	mustExec(t, db, "PRAGMA foreign_keys = OFF; INSERT INTO c VALUES (1, 42); PRAGMA foreign_keys = ON;")
	desired := mustDesired(t, db, "CREATE TABLE p (id INTEGER PRIMARY KEY, name TEXT DEFAULT (lower('X')));\nCREATE TABLE c (id INTEGER PRIMARY KEY, p INT REFERENCES p(id));")
	mustPush(t, db, desired, plan.Options{})
}

func TestApplySQLiteRefusesDataLoss(t *testing.T) {
	db := sqlitetest.New(t)
	path := db.Target.Path
	mustExec(t, db, peopleSchema+peopleRows)
	desired := mustDesired(t, db, "CREATE TABLE other (x);")
	p, err := plan.Diff(mustInspect(t, db), desired, plan.Options{})
	if err != nil {
		t.Fatal(err)
	}
	sum := fileSum(t, path)
	ran := 0
	err = plan.Apply(context.Background(), db, p, plan.ApplyOptions{Progress: func(int, plan.Step) { ran++ }})
	if !errors.Is(err, plan.ErrDataLoss) || !strings.Contains(err.Error(), "drops table people") {
		t.Fatalf("Apply = %v, want ErrDataLoss naming the table", err)
	}
	if ran != 0 || fileSum(t, path) != sum {
		t.Errorf("something ran (%d steps) or changed", ran)
	}
}

func TestApplySQLiteBackup(t *testing.T) {
	db := sqlitetest.New(t)
	mustExec(t, db, peopleSchema+peopleRows)
	desired := mustDesired(t, db, strings.Replace(peopleSchema, "age INTEGER", "age INTEGER CHECK (age >= 0)", 1))
	p, err := plan.Diff(mustInspect(t, db), desired, plan.Options{})
	if err != nil {
		t.Fatal(err)
	}
	backup := filepath.Join(t.TempDir(), "before.db")
	if err := plan.Apply(context.Background(), db, p, plan.ApplyOptions{Backup: backup}); err != nil {
		t.Fatal(err)
	}
	copyDB := sqlitetest.Open(t, backup, database.Options{Create: true})
	var n int
	if err := copyDB.QueryRowContext(context.Background(), "SELECT count(*) FROM people").Scan(&n); err != nil || n != 3 {
		t.Errorf("backup has %d people, %v; want 3", n, err)
	}
	if got := relation(mustInspect(t, copyDB), "people"); got == nil || len(got.Checks) != 0 {
		t.Errorf("backup is not the database as it was before: %+v", got)
	}
	// An existing file is never overwritten, and then nothing is applied.
	desired2 := mustDesired(t, db, peopleSchema)
	p2, err := plan.Diff(mustInspect(t, db), desired2, plan.Options{})
	if err != nil {
		t.Fatal(err)
	}
	err = plan.Apply(context.Background(), db, p2, plan.ApplyOptions{Backup: backup})
	if !errors.Is(err, fs.ErrExist) {
		t.Fatalf("Apply with an existing backup file = %v, want fs.ErrExist", err)
	}
	if got := relation(mustInspect(t, db), "people"); len(got.Checks) != 1 {
		t.Error("the plan ran although the backup was refused")
	}
}

func TestAssessSQLite(t *testing.T) {
	db := sqlitetest.New(t)
	mustExec(t, db, peopleSchema+peopleRows+"CREATE TABLE gone (x); INSERT INTO gone VALUES (1), (2), (3), (4);")
	desired := mustDesired(t, db, "CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT NOT NULL);\nCREATE INDEX people_email ON people (email);")
	p, err := plan.Diff(mustInspect(t, db), desired, plan.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := plan.Assess(context.Background(), db, p); err != nil {
		t.Fatal(err)
	}
	got := map[string]int64{}
	for _, s := range p.Steps {
		if s.Destructive {
			got[s.Action+" "+s.Object] = s.AtStake
		} else if s.AtStake != -1 {
			t.Errorf("step %q without a count has AtStake %d", s.SQL, s.AtStake)
		}
	}
	// The copy loses ann's and cy's age and fails on bob's NULL email: the
	// three rows are at stake.
	want := map[string]int64{"drop gone": 4, "copy people": 3}
	if len(got) != len(want) || got["drop gone"] != 4 || got["copy people"] != 3 {
		t.Errorf("at stake = %v, want %v\n%s", got, want, render(p))
	}
}

func TestApplySQLiteProgress(t *testing.T) {
	db := sqlitetest.New(t)
	desired := mustDesired(t, db, peopleSchema)
	p, err := plan.Diff(mustInspect(t, db), desired, plan.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var seen []int
	if err := plan.Apply(context.Background(), db, p, plan.ApplyOptions{Progress: func(i int, s plan.Step) {
		if s.SQL != p.Steps[i].SQL {
			t.Errorf("progress %d got step %q", i, s.SQL)
		}
		seen = append(seen, i)
	}}); err != nil {
		t.Fatal(err)
	}
	if len(seen) != 2 || seen[0] != 0 || seen[1] != 1 {
		t.Errorf("progress calls = %v, want [0 1]", seen)
	}
}

func TestDiffSQLiteRenameErrors(t *testing.T) {
	db := sqlitetest.New(t)
	mustExec(t, db, peopleSchema)
	desired := mustDesired(t, db, strings.Replace(peopleSchema, "age INTEGER", "years INTEGER", 1))
	live := mustInspect(t, db)
	cases := []struct {
		renames map[string]string
		wantErr string
	}{
		{map[string]string{"people": "x"}, "want table.column"},
		{map[string]string{"nobody.age": "years"}, "table nobody is not in both"},
		{map[string]string{"people.agee": "years"}, "live table people has no column agee"},
		{map[string]string{"people.age": "yrs"}, "desired table people has no column yrs"},
		{map[string]string{"people.age": "name"}, "already has a column name"},
		{map[string]string{"people.age": "years"}, ""},
		{map[string]string{"people.name": "years"}, "desired table people still has column name"},
	}
	for _, c := range cases {
		p, err := plan.Diff(live, desired, plan.Options{Renames: c.renames})
		switch {
		case c.wantErr == "" && err != nil:
			t.Errorf("renames %v: %v", c.renames, err)
		case c.wantErr == "" && (len(p.Steps) != 1 || p.Steps[0].Action != "rename"):
			t.Errorf("renames %v: plan\n%s", c.renames, render(p))
		case c.wantErr != "" && (err == nil || !strings.Contains(err.Error(), c.wantErr)):
			t.Errorf("renames %v: error %v, want %q", c.renames, err, c.wantErr)
		}
	}
	// Once done, the same flag is a no-op.
	p, err := plan.Diff(desired, desired, plan.Options{Renames: map[string]string{"people.age": "years"}})
	if err != nil || !p.Empty() {
		t.Errorf("repeated rename: %v\n%v", err, p)
	}
}
