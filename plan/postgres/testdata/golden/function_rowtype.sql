-- A function whose signature names a table's row type (RETURNS SETOF
-- customer) or a view's, an aggregate that views call, and a SQL-standard
-- body that reads a table are created after the tables and views they
-- name, on an empty database (issue 10: this plan failed with `type
-- "customer" does not exist`).
-- @live
-- @desired
CREATE TABLE customer (id integer PRIMARY KEY, name text NOT NULL, active boolean DEFAULT true);
CREATE FUNCTION _concat(text, text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT CASE WHEN $2 IS NULL THEN $1 WHEN $1 IS NULL THEN $2 ELSE $1 || ', ' || $2 END $$;
CREATE AGGREGATE group_concat(text) (SFUNC = _concat, STYPE = text);
CREATE FUNCTION rewards(min integer) RETURNS SETOF customer LANGUAGE plpgsql AS $$
DECLARE
    rr customer%ROWTYPE;
BEGIN
    FOR rr IN SELECT * FROM customer WHERE id >= min LOOP
        RETURN NEXT rr;
    END LOOP;
END $$;
CREATE VIEW customer_names AS SELECT group_concat(name) AS names FROM customer;
CREATE FUNCTION names_again() RETURNS SETOF customer_names LANGUAGE sql STABLE AS $$ SELECT * FROM customer_names $$;
CREATE FUNCTION active_count() RETURNS bigint LANGUAGE sql STABLE BEGIN ATOMIC SELECT count(*) FROM customer WHERE active; END;
CREATE VIEW rewarded AS SELECT r.id, active_count() AS n FROM rewards(1) AS r;
