-- Schemas come and go (dropping one is destructive), standalone
-- sequences are created, changed and dropped, and a table moves to an
-- enum column from text (rows holding other values counted).
-- @live
CREATE SCHEMA old_stuff;
CREATE TABLE old_stuff.junk (id integer);
CREATE SEQUENCE counter;
CREATE SEQUENCE tickets AS integer INCREMENT 1;
CREATE TABLE jobs (id integer PRIMARY KEY, state text);
-- @rows
INSERT INTO old_stuff.junk VALUES (1), (2);
INSERT INTO jobs VALUES (1, 'queued'), (2, 'running');
-- @desired
CREATE SCHEMA billing;
CREATE TYPE billing.state AS ENUM ('queued', 'running', 'done');
CREATE SEQUENCE billing.invoice_no START 100;
CREATE SEQUENCE tickets AS bigint INCREMENT 5 MAXVALUE 100000 CYCLE;
CREATE TABLE jobs (id integer PRIMARY KEY, state billing.state);
