-- Generated columns: a changed expression is dropped and added again
-- (its values are computed), a column stops being generated and keeps
-- its values, and one is remade because a column it reads changes type.
-- Remade columns come last: PostgreSQL cannot put a column back in place.
-- @live
CREATE TABLE p (
  id integer PRIMARY KEY,
  price integer,
  qty integer,
  total integer GENERATED ALWAYS AS (price * qty) STORED,
  label text GENERATED ALWAYS AS ('#' || id::text) STORED,
  double_qty integer GENERATED ALWAYS AS (qty * 2) STORED
);
-- @rows
INSERT INTO p (id, price, qty) VALUES (1, 10, 2), (2, NULL, 1);
-- @desired
CREATE TABLE p (
  id integer PRIMARY KEY,
  price integer,
  qty bigint,
  label text,
  total integer GENERATED ALWAYS AS (coalesce(price, 0) * 2) STORED,
  double_qty bigint GENERATED ALWAYS AS (qty * 2) STORED
);
