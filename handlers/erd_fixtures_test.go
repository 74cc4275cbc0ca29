package handlers_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"studio/database"
	"studio/internal/sqlitetest"
)

// pagilaLikeSQL builds a PostgreSQL schema of the shape of the sample the
// issue tried (written here, not copied): domains and an enum, 15 tables
// joined by keys (store and staff reference each other), payment split by
// month into 53 partitions, 7 views and a materialized view, a few rows.
func pagilaLikeSQL() string {
	var b strings.Builder
	b.WriteString(`
CREATE DOMAIN year AS integer CHECK (VALUE >= 1901 AND VALUE <= 2155);
CREATE DOMAIN bigposint AS bigint CHECK (VALUE >= 0);
CREATE TYPE mpaa_rating AS ENUM ('G', 'PG', 'PG-13', 'R', 'NC-17');
CREATE TABLE country (country_id serial PRIMARY KEY, country text NOT NULL, last_update timestamptz NOT NULL DEFAULT now());
CREATE TABLE city (city_id serial PRIMARY KEY, city text NOT NULL, country_id integer NOT NULL REFERENCES country, last_update timestamptz NOT NULL DEFAULT now());
CREATE TABLE address (address_id serial PRIMARY KEY, address text NOT NULL, address2 text, district text NOT NULL,
  city_id integer NOT NULL REFERENCES city, postal_code text, phone text NOT NULL, last_update timestamptz NOT NULL DEFAULT now());
CREATE TABLE language (language_id serial PRIMARY KEY, name character(20) NOT NULL, last_update timestamptz NOT NULL DEFAULT now());
CREATE TABLE category (category_id serial PRIMARY KEY, name text NOT NULL, last_update timestamptz NOT NULL DEFAULT now());
CREATE TABLE actor (actor_id serial PRIMARY KEY, first_name text NOT NULL, last_name text NOT NULL, last_update timestamptz NOT NULL DEFAULT now());
CREATE TABLE film (film_id serial PRIMARY KEY, title text NOT NULL, description text, release_year year,
  language_id integer NOT NULL REFERENCES language, original_language_id integer REFERENCES language,
  rental_duration smallint NOT NULL DEFAULT 3, rental_rate numeric(4,2) NOT NULL DEFAULT 4.99, length smallint,
  replacement_cost numeric(5,2) NOT NULL DEFAULT 19.99, rating mpaa_rating DEFAULT 'G', last_update timestamptz NOT NULL DEFAULT now(),
  special_features text[], fulltext tsvector);
CREATE TABLE film_actor (actor_id integer NOT NULL REFERENCES actor ON DELETE RESTRICT, film_id integer NOT NULL REFERENCES film ON DELETE RESTRICT,
  last_update timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (actor_id, film_id));
CREATE TABLE film_category (film_id integer NOT NULL REFERENCES film, category_id integer NOT NULL REFERENCES category,
  last_update timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (film_id, category_id));
CREATE TABLE staff (staff_id serial PRIMARY KEY, first_name text NOT NULL, last_name text NOT NULL, address_id integer NOT NULL REFERENCES address,
  email text, store_id integer NOT NULL, active boolean NOT NULL DEFAULT true, username text NOT NULL, password text,
  last_update timestamptz NOT NULL DEFAULT now(), picture bytea);
CREATE TABLE store (store_id serial PRIMARY KEY, manager_staff_id integer NOT NULL REFERENCES staff, address_id integer NOT NULL REFERENCES address,
  last_update timestamptz NOT NULL DEFAULT now());
ALTER TABLE staff ADD FOREIGN KEY (store_id) REFERENCES store;
CREATE TABLE customer (customer_id serial PRIMARY KEY, store_id integer NOT NULL REFERENCES store, first_name text NOT NULL, last_name text NOT NULL,
  email text, address_id integer NOT NULL REFERENCES address, activebool boolean NOT NULL DEFAULT true, create_date date NOT NULL DEFAULT current_date,
  last_update timestamptz DEFAULT now(), active integer);
CREATE TABLE inventory (inventory_id serial PRIMARY KEY, film_id integer NOT NULL REFERENCES film, store_id integer NOT NULL REFERENCES store,
  last_update timestamptz NOT NULL DEFAULT now());
CREATE TABLE rental (rental_id serial PRIMARY KEY, rental_date timestamptz NOT NULL, inventory_id integer NOT NULL REFERENCES inventory,
  customer_id integer NOT NULL REFERENCES customer, return_date timestamptz, staff_id integer NOT NULL REFERENCES staff,
  last_update timestamptz NOT NULL DEFAULT now());
CREATE TABLE payment (payment_id serial NOT NULL, customer_id integer NOT NULL REFERENCES customer, staff_id integer NOT NULL REFERENCES staff,
  rental_id integer NOT NULL REFERENCES rental, amount numeric(5,2) NOT NULL, payment_date timestamptz NOT NULL,
  PRIMARY KEY (payment_date, payment_id)) PARTITION BY RANGE (payment_date);
`)
	for i := range 53 {
		y, m := 2020+i/12, i%12+1
		ny, nm := 2020+(i+1)/12, (i+1)%12+1
		fmt.Fprintf(&b, "CREATE TABLE payment_p%04d_%02d PARTITION OF payment FOR VALUES FROM ('%04d-%02d-01') TO ('%04d-%02d-01');\n", y, m, y, m, ny, nm)
	}
	b.WriteString(`
CREATE VIEW actor_info AS SELECT a.actor_id, a.first_name, a.last_name, count(fa.film_id) AS films FROM actor a LEFT JOIN film_actor fa USING (actor_id) GROUP BY a.actor_id;
CREATE VIEW customer_list AS SELECT cu.customer_id AS id, cu.first_name || ' ' || cu.last_name AS name, a.address, a.postal_code AS "zip code",
  a.phone, city.city, country.country, cu.store_id AS sid FROM customer cu JOIN address a USING (address_id) JOIN city USING (city_id) JOIN country USING (country_id);
CREATE VIEW film_list AS SELECT film.film_id AS fid, film.title, film.description, category.name AS category, film.rental_rate AS price,
  film.length, film.rating FROM category LEFT JOIN film_category USING (category_id) LEFT JOIN film USING (film_id);
CREATE VIEW nicer_but_slower_film_list AS SELECT * FROM film_list;
CREATE VIEW sales_by_film_category AS SELECT c.name AS category, sum(p.amount) AS total_sales FROM payment p JOIN rental r USING (rental_id)
  JOIN inventory i USING (inventory_id) JOIN film_category fc USING (film_id) JOIN category c USING (category_id) GROUP BY c.name;
CREATE VIEW sales_by_store AS SELECT s.store_id, sum(p.amount) AS total_sales FROM payment p JOIN staff s USING (staff_id) GROUP BY s.store_id;
CREATE VIEW staff_list AS SELECT s.staff_id AS id, s.first_name || ' ' || s.last_name AS name, a.address, a.phone, s.store_id AS sid
  FROM staff s JOIN address a USING (address_id);
CREATE MATERIALIZED VIEW rental_by_category AS SELECT * FROM sales_by_film_category;
INSERT INTO country (country) VALUES ('Utopia');
INSERT INTO city (city, country_id) VALUES ('Springfield', 1);
INSERT INTO address (address, district, city_id, phone) VALUES ('1 Main St', 'Centre', 1, '555');
INSERT INTO language (name) VALUES ('English');
`)
	return b.String()
}

// chinookLikeSQL builds an SQLite schema of the shape of the music store
// sample: 11 tables, one employee hierarchy.
const chinookLikeSQL = `
CREATE TABLE Artist (ArtistId INTEGER PRIMARY KEY, Name NVARCHAR(120));
CREATE TABLE Album (AlbumId INTEGER PRIMARY KEY, Title NVARCHAR(160) NOT NULL, ArtistId INTEGER NOT NULL REFERENCES Artist(ArtistId));
CREATE TABLE Employee (EmployeeId INTEGER PRIMARY KEY, LastName NVARCHAR(20) NOT NULL, FirstName NVARCHAR(20) NOT NULL, Title NVARCHAR(30),
  ReportsTo INTEGER REFERENCES Employee(EmployeeId), BirthDate DATETIME, HireDate DATETIME, Address NVARCHAR(70), City NVARCHAR(40),
  State NVARCHAR(40), Country NVARCHAR(40), PostalCode NVARCHAR(10), Phone NVARCHAR(24), Fax NVARCHAR(24), Email NVARCHAR(60));
CREATE TABLE Customer (CustomerId INTEGER PRIMARY KEY, FirstName NVARCHAR(40) NOT NULL, LastName NVARCHAR(20) NOT NULL, Company NVARCHAR(80),
  Address NVARCHAR(70), City NVARCHAR(40), State NVARCHAR(40), Country NVARCHAR(40), PostalCode NVARCHAR(10), Phone NVARCHAR(24),
  Fax NVARCHAR(24), Email NVARCHAR(60) NOT NULL, SupportRepId INTEGER REFERENCES Employee(EmployeeId));
CREATE TABLE Genre (GenreId INTEGER PRIMARY KEY, Name NVARCHAR(120));
CREATE TABLE Invoice (InvoiceId INTEGER PRIMARY KEY, CustomerId INTEGER NOT NULL REFERENCES Customer(CustomerId), InvoiceDate DATETIME NOT NULL,
  BillingAddress NVARCHAR(70), BillingCity NVARCHAR(40), BillingState NVARCHAR(40), BillingCountry NVARCHAR(40),
  BillingPostalCode NVARCHAR(10), Total NUMERIC(10,2) NOT NULL);
CREATE TABLE MediaType (MediaTypeId INTEGER PRIMARY KEY, Name NVARCHAR(120));
CREATE TABLE Track (TrackId INTEGER PRIMARY KEY, Name NVARCHAR(200) NOT NULL, AlbumId INTEGER REFERENCES Album(AlbumId),
  MediaTypeId INTEGER NOT NULL REFERENCES MediaType(MediaTypeId), GenreId INTEGER REFERENCES Genre(GenreId), Composer NVARCHAR(220),
  Milliseconds INTEGER NOT NULL, Bytes INTEGER, UnitPrice NUMERIC(10,2) NOT NULL);
CREATE TABLE InvoiceLine (InvoiceLineId INTEGER PRIMARY KEY, InvoiceId INTEGER NOT NULL REFERENCES Invoice(InvoiceId),
  TrackId INTEGER NOT NULL REFERENCES Track(TrackId), UnitPrice NUMERIC(10,2) NOT NULL, Quantity INTEGER NOT NULL);
CREATE TABLE Playlist (PlaylistId INTEGER PRIMARY KEY, Name NVARCHAR(120));
CREATE TABLE PlaylistTrack (PlaylistId INTEGER NOT NULL REFERENCES Playlist(PlaylistId), TrackId INTEGER NOT NULL REFERENCES Track(TrackId),
  PRIMARY KEY (PlaylistId, TrackId)) WITHOUT ROWID;
INSERT INTO Artist VALUES (1, 'AC/DC');
INSERT INTO Album VALUES (1, 'For Those About To Rock', 1);
`

// openChinookLike creates the music store schema in an SQLite file.
func openChinookLike(t *testing.T) *database.DB {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "chinook.db")
	db := sqlitetest.Open(t, path, database.Options{Create: true})
	if _, err := db.ExecContext(ctx, chinookLikeSQL); err != nil {
		t.Fatal(err)
	}
	return db
}
