-- Widening key columns the way real schemas outgrow integer: a serial
-- and an identity become bigint, with the foreign keys that point at
-- them; the sequences follow.
-- @live
CREATE TABLE a (id serial PRIMARY KEY, name text DEFAULT 'x');
CREATE TABLE b (id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY, a_id integer REFERENCES a);
-- @rows
INSERT INTO a DEFAULT VALUES;
INSERT INTO b (a_id) VALUES (1);
-- @desired
CREATE TABLE a (id bigserial PRIMARY KEY, name text DEFAULT 'x');
CREATE TABLE b (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, a_id bigint REFERENCES a);
-- @after
INSERT INTO a DEFAULT VALUES;
INSERT INTO b (a_id) VALUES (2);
