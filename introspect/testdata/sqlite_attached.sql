-- The attached database of the SQLite golden test.
CREATE TABLE events (
  id integer PRIMARY KEY,
  kind text NOT NULL,
  at text NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX events_kind_idx ON events (kind, at);
