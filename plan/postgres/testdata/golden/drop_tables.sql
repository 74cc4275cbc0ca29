-- Tables that go are dropped after the links between them, with their
-- rows counted; their serial sequences go with them.
-- @live
CREATE TABLE a (id serial PRIMARY KEY, b_id integer);
CREATE TABLE b (id serial PRIMARY KEY, a_id integer REFERENCES a);
ALTER TABLE a ADD FOREIGN KEY (b_id) REFERENCES b;
CREATE TABLE keep (id integer PRIMARY KEY, a_id integer REFERENCES a);
-- @rows
INSERT INTO a (id) VALUES (1), (2), (3);
INSERT INTO b (a_id) VALUES (1), (2);
INSERT INTO keep VALUES (10, 1);
-- @desired
CREATE TABLE keep (id integer PRIMARY KEY, a_id integer);
