package demo

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"

	"studio/database"
	"studio/migrations"
)

// dataset is every row of the demo.
type dataset struct {
	users       []userRow
	instances   []instanceRow
	comments    []commentRow
	topics      []topicRow
	messages    []messageRow
	tags        []tagRow
	messageTags []msgTagRow
	audit       []auditRow
}

// generate draws the whole demo from the fixed seed; the order of calls is
// part of the output, so keep it.
func generate() *dataset {
	g := newGen()
	d := &dataset{}
	d.users = g.users()
	d.instances = g.instances(d.users)
	d.comments = g.comments(d.users, d.instances)
	d.topics = g.topics(d.users)
	d.messages = g.messages(d.users, d.topics)
	d.tags = g.tags(d.users)
	d.messageTags = g.messageTags(d.messages, d.tags)
	d.audit = audit(d)
	return d
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// build creates the schema and the data in the empty SQLite file at path,
// in one transaction.
func build(ctx context.Context, path string) error {
	db, err := database.Open(ctx, database.Target{Dialect: database.SQLite, Path: path}, database.Options{Create: true})
	if err != nil {
		return fmt.Errorf("opening demo database: %w", err)
	}
	defer db.Close()
	conn, err := db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("opening demo database: %w", err)
	}
	defer conn.Close()
	// The file is temporary until it is synced and moved into place by
	// Create, so SQLite need not sync, and the journal can stay in memory
	// (journal_mode MEMORY is not recorded in the file).
	if _, err := conn.ExecContext(ctx, "PRAGMA synchronous = OFF; PRAGMA journal_mode = MEMORY"); err != nil {
		return fmt.Errorf("setting up demo database: %w", err)
	}
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("starting demo transaction: %w", err)
	}
	defer tx.Rollback()
	if err := fill(ctx, tx); err != nil {
		return err
	}
	// ANALYZE gives the planner (and the studio's row estimates) statistics.
	if _, err := tx.ExecContext(ctx, "ANALYZE"); err != nil {
		return fmt.Errorf("analyzing demo database: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("committing demo database: %w", err)
	}
	return nil
}

// fill runs the folder's initial migration around the data load (the
// full-text part after it, see schemaPhases) and records the migration as
// applied.
func fill(ctx context.Context, tx *sql.Tx) error {
	folder, err := readFolder()
	if err != nil {
		return err
	}
	initial := folder.Migrations[0]
	schema, search, err := schemaPhases(initial)
	if err != nil {
		return err
	}
	if err := execAll(ctx, tx, initial, schema); err != nil {
		return err
	}
	if err := insert(ctx, tx, generate()); err != nil {
		return err
	}
	if err := execAll(ctx, tx, initial, search); err != nil {
		return err
	}
	return record(ctx, tx, initial)
}

func execAll(ctx context.Context, tx *sql.Tx, m *migrations.Migration, stmts []migrations.Statement) error {
	for _, st := range stmts {
		if _, err := tx.ExecContext(ctx, st.SQL); err != nil {
			return fmt.Errorf("creating the demo schema: %s statement %d (line %d): %w", m.File, st.Number, st.Line, err)
		}
	}
	return nil
}

// The history table and row exactly as drizzle-orm's SQLite migrator
// writes them (SERIAL is no INTEGER, so SQLite leaves id NULL).
const (
	createHistory = `CREATE TABLE IF NOT EXISTS "__drizzle_migrations" (
	id SERIAL PRIMARY KEY,
	hash text NOT NULL,
	created_at numeric
)`
	insertHistory = `INSERT INTO "__drizzle_migrations" ("hash", "created_at") VALUES (?, ?)`
)

// record marks m as applied: hash is the SHA-256 hex of the file,
// created_at the journal's when.
func record(ctx context.Context, tx *sql.Tx, m *migrations.Migration) error {
	if _, err := tx.ExecContext(ctx, createHistory); err != nil {
		return fmt.Errorf("creating the demo migrations history: %w", err)
	}
	if _, err := tx.ExecContext(ctx, insertHistory, m.Hash, m.CreatedAt); err != nil {
		return fmt.Errorf("recording %s: %w", m.Name, err)
	}
	return nil
}

// Row inserts, in an order that satisfies every foreign key.
const (
	insertUser     = `INSERT INTO users (id, email, display_name, bio, avatar_url, settings, role, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`
	insertInstance = `INSERT INTO extension_instances (id, user_id, extension_id, name, version, config, enabled, installed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`
	insertComment  = `INSERT INTO extension_comments (id, instance_id, user_id, body, rating, created_at) VALUES (?, ?, ?, ?, ?, ?)`
	insertTopic    = `INSERT INTO topics (id, author_id, title, slug, pinned, created_at) VALUES (?, ?, ?, ?, ?, ?)`
	insertMessage  = `INSERT INTO messages (id, topic_id, parent_id, author_id, body, metadata, created_at, edited_at, deleted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`
	insertTag      = `INSERT INTO tags (id, name, color, created_by) VALUES (?, ?, ?, ?)`
	insertMsgTag   = `INSERT INTO message_tags (message_id, tag_id) VALUES (?, ?)`
	insertAudit    = `INSERT INTO audit_log (at, actor_id, action, entity, entity_id, details) VALUES (?, ?, ?, ?, ?, ?)`
)

func (u userRow) args() []any {
	return []any{u.id, u.email, u.name, u.bio, u.avatar, u.settings, u.role, u.createdAt, u.updatedAt}
}

func (in instanceRow) args() []any {
	return []any{in.id, in.userID, in.extensionID, in.name, in.version, in.config, in.enabled, in.installedAt}
}

func (c commentRow) args() []any {
	return []any{c.id, c.instanceID, c.userID, c.body, c.rating, c.createdAt}
}

func (t topicRow) args() []any {
	return []any{t.id, t.authorID, t.title, t.slug, t.pinned, t.createdAt}
}

func (m messageRow) args() []any {
	return []any{m.id, m.topicID, m.parentID, m.authorID, m.body, m.metadata, m.createdAt, m.editedAt, m.deletedAt}
}

func (t tagRow) args() []any { return []any{t.id, t.name, t.color, t.createdBy} }

func (a auditRow) args() []any {
	return []any{a.at, a.actorID, a.action, a.entity, a.entityID, a.details}
}

type msgTagRow [2]int64

func (mt msgTagRow) args() []any { return []any{mt[0], mt[1]} }

// insert writes every row with one prepared statement per table.
func insert(ctx context.Context, tx *sql.Tx, d *dataset) error {
	steps := []func() error{
		func() error { return insertRows(ctx, tx, insertUser, d.users) },
		func() error { return insertRows(ctx, tx, insertInstance, d.instances) },
		func() error { return insertRows(ctx, tx, insertComment, d.comments) },
		func() error { return insertRows(ctx, tx, insertTopic, d.topics) },
		func() error { return insertRows(ctx, tx, insertMessage, d.messages) },
		func() error { return insertRows(ctx, tx, insertTag, d.tags) },
		func() error { return insertRows(ctx, tx, insertMsgTag, d.messageTags) },
		func() error { return insertRows(ctx, tx, insertAudit, d.audit) },
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return err
		}
	}
	return nil
}

func insertRows[R interface{ args() []any }](ctx context.Context, tx *sql.Tx, query string, rows []R) error {
	stmt, err := tx.PrepareContext(ctx, query)
	if err != nil {
		return fmt.Errorf("preparing demo insert: %w", err)
	}
	defer stmt.Close()
	for i, r := range rows {
		if _, err := stmt.ExecContext(ctx, r.args()...); err != nil {
			return fmt.Errorf("inserting demo row %d (%.40s): %w", i, query, err)
		}
	}
	return nil
}
