-- Type changes: widenings go through; narrowings that can only fail
-- (strings too long, integers out of range) count the rows that would
-- make them fail; lossy ones (rounding, losing the time of day) are
-- destructive and count the values that would change; others go through
-- USING with every value at stake. Nothing is ever cut to fit.
-- @live
CREATE TABLE t (
  id integer PRIMARY KEY,
  small smallint,
  big bigint,
  code varchar(10),
  label text,
  price numeric(10, 3),
  ratio double precision,
  born timestamp,
  seen timestamptz,
  payload json,
  amount text,
  flags varchar(5)[]
);
-- @rows
INSERT INTO t VALUES (1, 1, 3000000, 'abcd', 'x', 1.234, 1.5, '2024-01-01 10:00', now(), '{"a":1}', '12', '{a}'),
                     (2, 2, 5, 'ab', 'five!', 2.5, 2, '2024-01-02', NULL, NULL, '7', NULL);
-- @desired
CREATE TABLE t (
  id bigint PRIMARY KEY,
  small integer,
  big integer,
  code varchar(4),
  label varchar(5),
  price numeric(10, 2),
  ratio integer,
  born date,
  seen timestamp,
  payload jsonb,
  amount integer,
  flags text[]
);
