-- Keys: a primary key moves to other columns (the foreign key that
-- references the old one is dropped and added again), a unique key and a
-- check appear on a table with rows (their counts say whether they would
-- fail), a foreign key changes its actions, one is added over existing
-- rows (orphans counted), a check changes.
-- @live
CREATE TABLE parents (id integer PRIMARY KEY, code text NOT NULL UNIQUE, kind text);
CREATE TABLE kids (
  id integer PRIMARY KEY,
  parent_code text REFERENCES parents (code) ON DELETE CASCADE,
  parent_id integer,
  age integer CONSTRAINT kids_age_check CHECK (age > 0)
);
-- @rows
INSERT INTO parents VALUES (1, 'a', 'x'), (2, 'b', 'x');
INSERT INTO kids VALUES (1, 'a', 1, 3), (2, 'b', 2, 5);
-- @desired
CREATE TABLE parents (id integer NOT NULL UNIQUE, code text PRIMARY KEY, kind text CONSTRAINT parents_kind_check CHECK (kind IN ('x', 'y')));
CREATE TABLE kids (
  id integer PRIMARY KEY,
  parent_code text REFERENCES parents (code) ON DELETE SET NULL ON UPDATE CASCADE,
  parent_id integer REFERENCES parents (id),
  age integer CONSTRAINT kids_age_check CHECK (age >= 0),
  CONSTRAINT kids_parent_id_key UNIQUE (parent_id)
);
