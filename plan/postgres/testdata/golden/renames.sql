-- --rename keeps a column's values (in keys, indexes and checks too);
-- the schema.table.column and table.column forms are both accepted.
-- @live
CREATE TABLE accounts (id integer PRIMARY KEY, mail text NOT NULL, nick text CHECK (nick <> ''));
CREATE UNIQUE INDEX accounts_mail_idx ON accounts (lower(mail));
CREATE TABLE logins (id integer PRIMARY KEY, who integer REFERENCES accounts (id), at timestamptz);
CREATE VIEW recent AS SELECT a.mail, l.at FROM logins l JOIN accounts a ON a.id = l.who;
-- @rows
INSERT INTO accounts VALUES (1, 'a@x', 'a'), (2, 'b@x', NULL);
INSERT INTO logins VALUES (1, 1, now());
-- @renames public.accounts.mail=email accounts.nick=handle logins.who=account_id
-- @desired
CREATE TABLE accounts (id integer PRIMARY KEY, email text NOT NULL, handle text CHECK (handle <> ''));
CREATE UNIQUE INDEX accounts_mail_idx ON accounts (lower(email));
CREATE TABLE logins (id integer PRIMARY KEY, account_id integer REFERENCES accounts (id), at timestamptz);
ALTER TABLE logins RENAME CONSTRAINT logins_account_id_fkey TO logins_who_fkey;
CREATE VIEW recent AS SELECT a.email, l.at FROM logins l JOIN accounts a ON a.id = l.account_id;
