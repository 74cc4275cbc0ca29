-- A plan that fails part-way (rows holding NULL for a new NOT NULL, a
-- string too long for its new type, duplicates under a new unique key)
-- leaves the database exactly as it was; the counts said so beforehand.
-- @live
CREATE TABLE people (id integer PRIMARY KEY, name text, code text, team integer);
-- @rows
INSERT INTO people VALUES (1, 'Ada', 'abcdefgh', 1), (2, NULL, 'ab', 1), (3, 'Cy', NULL, 2);
-- @fails
-- @desired
CREATE TABLE people (id integer PRIMARY KEY, name text NOT NULL, code varchar(4), team integer UNIQUE, extra text);
CREATE TABLE other (id integer PRIMARY KEY);
