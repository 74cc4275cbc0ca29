-- Indexes change definition or go; a column type change under a view
-- chain drops and recreates the views that read it (dependents first),
-- a materialized view with its index is recreated, views that do not read
-- the column stay, and a table becomes a view.
-- @live
CREATE TABLE orders (id integer PRIMARY KEY, total numeric(10, 2), note text, placed date);
CREATE INDEX orders_total_idx ON orders (total);
CREATE INDEX orders_note_idx ON orders (note);
CREATE INDEX orders_placed_idx ON orders (placed);
CREATE VIEW big_orders AS SELECT id, total FROM orders WHERE total > 100;
CREATE VIEW big_order_ids AS SELECT id FROM big_orders;
CREATE VIEW notes AS SELECT id, note FROM orders;
CREATE MATERIALIZED VIEW totals AS SELECT sum(total) AS s FROM orders;
CREATE INDEX totals_s_idx ON totals (s);
CREATE TABLE archive (id integer, total numeric(10, 2));
-- @rows
INSERT INTO orders VALUES (1, 150, 'n', '2024-01-01'), (2, 20, NULL, NULL);
INSERT INTO archive VALUES (1, 1);
REFRESH MATERIALIZED VIEW totals;
-- @desired
CREATE TABLE orders (id integer PRIMARY KEY, total numeric(12, 2), note text, placed date);
CREATE INDEX orders_total_idx ON orders (total);
CREATE INDEX orders_note_idx ON orders (lower(note)) WHERE note IS NOT NULL;
CREATE VIEW big_orders AS SELECT id, total FROM orders WHERE total > 100;
CREATE VIEW big_order_ids AS SELECT id FROM big_orders;
CREATE VIEW notes AS SELECT id, note FROM orders;
CREATE MATERIALIZED VIEW totals AS SELECT sum(total) AS s FROM orders;
CREATE INDEX totals_s_idx ON totals (s);
CREATE VIEW archive AS SELECT id, total FROM orders WHERE placed < '2024-06-01';
