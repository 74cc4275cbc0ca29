-- A domain gaining NOT NULL and a check that a live value breaks: the
-- plan fails and changes nothing (no value is filled in or changed).
-- @fails
-- @live
CREATE DOMAIN year AS integer;
CREATE TABLE film (id integer PRIMARY KEY, release_year year);
-- @rows
INSERT INTO film VALUES (1, NULL), (2, 1800);
-- @desired
CREATE DOMAIN year AS integer NOT NULL CHECK (VALUE >= 1901);
CREATE TABLE film (id integer PRIMARY KEY, release_year year);
