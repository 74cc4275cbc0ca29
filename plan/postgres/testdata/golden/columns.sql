-- Columns added, dropped (with a rename hint), made NOT NULL (failing
-- rows counted), nullable, given or losing defaults and a collation.
-- @live
CREATE TABLE people (
  id integer PRIMARY KEY,
  name text,
  nick text NOT NULL,
  email text,
  city text DEFAULT 'Paris',
  note text
);
-- @rows
INSERT INTO people VALUES (1, 'Ada', 'ada', 'ada@x', NULL, 'n1'), (2, 'Bob', 'bob', NULL, 'Rome', NULL);
-- @desired
CREATE TABLE people (
  id integer PRIMARY KEY,
  name text NOT NULL DEFAULT '',
  nick text,
  email text COLLATE "C",
  city text,
  remark text,
  created_at timestamptz NOT NULL DEFAULT now(),
  flag boolean NOT NULL DEFAULT false
);
