-- Enum values added in place (in the middle and at the end); an enum
-- losing a value is rebuilt (destructive, the rows holding it counted);
-- one whose new value a default uses in the same plan is rebuilt too,
-- since PostgreSQL refuses a value added in the same transaction.
-- @live
CREATE TYPE status AS ENUM ('new', 'done');
CREATE TYPE color AS ENUM ('red', 'green', 'blue');
CREATE TYPE size AS ENUM ('s', 'm');
CREATE TYPE gone AS ENUM ('x');
CREATE TABLE items (
  id integer PRIMARY KEY,
  status status NOT NULL DEFAULT 'new',
  color color DEFAULT 'red',
  colors color[],
  size size
);
CREATE VIEW red_items AS SELECT id FROM items WHERE color = 'red';
-- @rows
INSERT INTO items VALUES (1, 'new', 'red', '{red,green}', 's'), (2, 'done', 'green', NULL, 'm');
-- @desired
CREATE TYPE status AS ENUM ('new', 'doing', 'done', 'archived');
CREATE TYPE color AS ENUM ('red', 'green');
CREATE TYPE size AS ENUM ('s', 'm', 'l');
CREATE TABLE items (
  id integer PRIMARY KEY,
  status status NOT NULL DEFAULT 'new',
  color color DEFAULT 'red',
  colors color[],
  size size DEFAULT 'l'
);
CREATE VIEW red_items AS SELECT id FROM items WHERE color = 'red';
