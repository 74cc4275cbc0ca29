-- Rich SQLite schema for the golden test: every FK action, a
-- self-reference, composite keys, partial and expression indexes, named
-- and unnamed CHECKs, generated columns, triggers, a view, FTS5 tables,
-- WITHOUT ROWID, AUTOINCREMENT and awkward names.
CREATE TABLE authors (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name text NOT NULL COLLATE NOCASE,
  email varchar(255) NOT NULL UNIQUE,
  mentor_id integer REFERENCES authors(id) ON DELETE SET NULL,
  created_at text DEFAULT (datetime('now')),
  score real DEFAULT 0.5,
  CONSTRAINT name_not_blank CHECK (length(trim(name)) > 0)
);

CREATE TABLE posts (
  id integer PRIMARY KEY,
  author_id integer NOT NULL REFERENCES authors(id) ON DELETE CASCADE ON UPDATE CASCADE,
  title text NOT NULL, -- a comment, with (parentheses
  body text,
  status text NOT NULL DEFAULT 'draft' CONSTRAINT status_known CHECK (status IN ('draft', 'published')),
  slug text GENERATED ALWAYS AS (lower(replace(title, ' ', '-'))) VIRTUAL,
  word_count integer AS (length(body) - length(replace(body, ' ', '')) + 1) STORED,
  deleted_at text,
  CHECK (title <> '(none), really')
);
CREATE INDEX posts_author_idx ON posts (author_id, id DESC);
CREATE INDEX posts_live_idx ON posts (author_id) WHERE deleted_at IS NULL AND status = 'published';
CREATE INDEX posts_title_lower_idx ON posts (lower(title) COLLATE NOCASE DESC, "id");

CREATE TABLE tags (
  name text PRIMARY KEY,
  color text DEFAULT 'grey'
) WITHOUT ROWID;

CREATE TABLE post_tags (
  post_id integer NOT NULL,
  tag_name text NOT NULL,
  tagged_by integer DEFAULT 0,
  PRIMARY KEY (tag_name, post_id),
  FOREIGN KEY (post_id) REFERENCES posts(id) ON DELETE CASCADE,
  FOREIGN KEY (tag_name) REFERENCES tags ON UPDATE CASCADE ON DELETE RESTRICT,
  FOREIGN KEY (tagged_by) REFERENCES authors(id) ON DELETE SET DEFAULT
);

CREATE TABLE tag_votes (
  post_id integer NOT NULL,
  tag_name text NOT NULL,
  voter_id integer REFERENCES authors ON DELETE NO ACTION,
  CONSTRAINT tag_votes_once UNIQUE (post_id, tag_name, voter_id),
  CONSTRAINT tag_votes_post_tag_fk FOREIGN KEY (tag_name, post_id)
    REFERENCES post_tags (tag_name, post_id) ON DELETE CASCADE
);

CREATE TABLE "we""ird table ü" (
  "the id" integer PRIMARY KEY,
  "select" text UNIQUE,
  [br ack] text,
  `back tick` text COLLATE RTRIM,
  "paren(" text CHECK ("paren(" <> ')')
);

CREATE VIEW published_posts (id, title, author) AS
  SELECT p.id, p.title, a.name FROM posts AS p JOIN authors AS a ON a.id = p.author_id
  WHERE p.status = 'published';

CREATE VIRTUAL TABLE posts_fts USING fts5(title, body, content='posts', content_rowid='id');
CREATE VIRTUAL TABLE notes_fts USING FTS5(note);

CREATE TRIGGER posts_fts_ai AFTER INSERT ON posts BEGIN
  INSERT INTO posts_fts (rowid, title, body) VALUES (new.id, new.title, new.body);
END;
CREATE TRIGGER posts_fts_ad AFTER DELETE ON posts BEGIN
  INSERT INTO posts_fts (posts_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
END;
CREATE TRIGGER posts_fts_au AFTER UPDATE ON posts BEGIN
  INSERT INTO posts_fts (posts_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
  INSERT INTO posts_fts (rowid, title, body) VALUES (new.id, new.title, new.body);
END;
CREATE TRIGGER published_posts_delete INSTEAD OF DELETE ON published_posts BEGIN
  DELETE FROM posts WHERE id = old.id;
END;

INSERT INTO authors (name, email) VALUES ('Ada', 'ada@example.com'), ('Brian', 'brian@example.com');
INSERT INTO posts (author_id, title, body, status) VALUES
  (1, 'Hello world', 'first post here', 'published'),
  (1, 'Second', 'more words', 'draft'),
  (2, 'Third', NULL, 'published');
INSERT INTO tags (name) VALUES ('go'), ('sql');
INSERT INTO post_tags (post_id, tag_name, tagged_by) VALUES (1, 'go', 1), (1, 'sql', 1), (3, 'sql', 2);
INSERT INTO notes_fts (note) VALUES ('remember the milk');
