-- A domain whose base type changes is rebuilt: renamed, created anew,
-- the columns that keep it moved over (values cast, a view reading one
-- recreated around the change), the old one dropped; an array of it too.
-- @live
CREATE DOMAIN year AS integer CONSTRAINT year_check CHECK (VALUE >= 1901);
CREATE TABLE film (id integer PRIMARY KEY, release_year year, years year[], gone year);
CREATE VIEW film_years AS SELECT id, release_year FROM film;
-- @rows
INSERT INTO film VALUES (1, 2000, '{1999,2001}', 1950);
-- @desired
CREATE DOMAIN year AS bigint CONSTRAINT year_check CHECK (VALUE >= 1901);
CREATE TABLE film (id integer PRIMARY KEY, release_year year, years year[], gone integer);
CREATE VIEW film_years AS SELECT id, release_year FROM film;
