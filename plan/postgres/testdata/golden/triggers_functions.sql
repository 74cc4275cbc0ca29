-- Functions are created before the tables and triggers that use them,
-- changed in place (CREATE OR REPLACE) or dropped and created when their
-- result type changes; a trigger naming a column whose type changes is
-- dropped and created around the change; a trigger that goes is dropped
-- before its function.
-- @live
CREATE TABLE t (id integer PRIMARY KEY, name text, updated timestamptz);
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.updated := now(); RETURN NEW; END $$;
CREATE FUNCTION shout(s text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT upper(s) $$;
CREATE FUNCTION old_fn() RETURNS integer LANGUAGE sql AS $$ SELECT 1 $$;
CREATE FUNCTION nope() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER t_touch BEFORE UPDATE OF name ON t FOR EACH ROW EXECUTE FUNCTION touch();
CREATE TRIGGER t_nope BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION nope();
-- @rows
INSERT INTO t VALUES (1, 'a', NULL);
-- @desired
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.updated := clock_timestamp(); RETURN NEW; END $$;
CREATE FUNCTION shout(s text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT upper(s) || '!' $$;
CREATE FUNCTION old_fn() RETURNS bigint LANGUAGE sql AS $$ SELECT 1::bigint $$;
CREATE TABLE t (id integer PRIMARY KEY, name varchar(20), updated timestamptz, loud text GENERATED ALWAYS AS (shout(name)) STORED);
CREATE TRIGGER t_touch BEFORE UPDATE OF name ON t FOR EACH ROW EXECUTE FUNCTION touch();
CREATE TRIGGER t_audit AFTER DELETE ON t FOR EACH ROW EXECUTE FUNCTION touch();
