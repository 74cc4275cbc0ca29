-- Domains: created before the tables that use them, their checks,
-- default and NOT NULL altered in place, dropped once no column uses
-- them; a column moves from a domain to its base type and back.
-- @live
CREATE DOMAIN year AS integer CONSTRAINT year_check CHECK (VALUE >= 1900);
CREATE DOMAIN code AS text DEFAULT 'x';
CREATE DOMAIN gone AS text;
CREATE DOMAIN strict_text AS text NOT NULL;
CREATE TABLE film (id integer PRIMARY KEY, release_year year, code code, old gone, label strict_text, plain integer);
-- @rows
INSERT INTO film VALUES (1, 2000, 'a', 'z', 'l', 1950);
-- @desired
CREATE DOMAIN year AS integer CONSTRAINT year_check CHECK (VALUE >= 1901 AND VALUE <= 2155) CONSTRAINT year_whole CHECK (VALUE % 1 = 0);
CREATE DOMAIN code AS text NOT NULL DEFAULT 'y';
CREATE DOMAIN strict_text AS text;
CREATE DOMAIN positive AS numeric(10,2) CHECK (VALUE > 0);
CREATE DOMAIN "Odd name" AS varchar(5) COLLATE "C";
CREATE TABLE film (id integer PRIMARY KEY, release_year integer, code code, label strict_text, plain year, price positive, tag "Odd name");
