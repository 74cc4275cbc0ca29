package erd

import (
	"fmt"
	"strings"

	"studio/introspect"
)

// spec builds a table from "col type, col type" (a name ending in "!" is
// NOT NULL) with pk its primary key and fks as "col>table", keys to the
// table's primary key.
func spec(name, pk, cols string, fks ...string) introspect.Table {
	var cs []introspect.Column
	for _, c := range strings.Split(cols, ", ") {
		f := strings.Fields(c)
		cs = append(cs, col(f[0], f[1]))
	}
	var keys []introspect.ForeignKey
	for _, f := range fks {
		c, ref, _ := strings.Cut(f, ">")
		keys = append(keys, fk([]string{c}, ref, nil, "NO ACTION"))
	}
	var pks []string
	if pk != "" {
		pks = strings.Split(pk, ",")
	}
	return table(name, pks, cs, keys...)
}

// pagilaLike has the shape of the PostgreSQL sample schema the issue tried:
// 15 tables joined by keys (a cycle between store and staff), payment split
// by month into 53 partitions that repeat its keys, 7 views and a
// materialized view: 76 relations.
func pagilaLike() introspect.Schema {
	s := introspect.Schema{Name: "public", Tables: []introspect.Table{
		spec("actor", "actor_id", "actor_id! integer, first_name! text, last_name! text, last_update! timestamptz"),
		spec("address", "address_id", "address_id! integer, address! text, address2 text, district! text, city_id! integer, postal_code text, phone! text, last_update! timestamptz", "city_id>city"),
		spec("category", "category_id", "category_id! integer, name! text, last_update! timestamptz"),
		spec("city", "city_id", "city_id! integer, city! text, country_id! integer, last_update! timestamptz", "country_id>country"),
		spec("country", "country_id", "country_id! integer, country! text, last_update! timestamptz"),
		spec("customer", "customer_id", "customer_id! integer, store_id! integer, first_name! text, last_name! text, email text, address_id! integer, activebool! boolean, create_date! date, last_update timestamptz, active integer", "store_id>store", "address_id>address"),
		spec("film", "film_id", "film_id! integer, title! text, description text, release_year year, language_id! integer, original_language_id integer, rental_duration! smallint, rental_rate! numeric(4,2), length smallint, replacement_cost! numeric(5,2), rating mpaa_rating, last_update! timestamptz, special_features text[], fulltext! tsvector", "language_id>language", "original_language_id>language"),
		spec("film_actor", "actor_id,film_id", "actor_id! integer, film_id! integer, last_update! timestamptz", "actor_id>actor", "film_id>film"),
		spec("film_category", "film_id,category_id", "film_id! integer, category_id! integer, last_update! timestamptz", "film_id>film", "category_id>category"),
		spec("inventory", "inventory_id", "inventory_id! integer, film_id! integer, store_id! integer, last_update! timestamptz", "film_id>film", "store_id>store"),
		spec("language", "language_id", "language_id! integer, name! character(20), last_update! timestamptz"),
		spec("rental", "rental_id", "rental_id! integer, rental_date! timestamptz, inventory_id! integer, customer_id! integer, return_date timestamptz, staff_id! integer, last_update! timestamptz", "inventory_id>inventory", "customer_id>customer", "staff_id>staff"),
		spec("staff", "staff_id", "staff_id! integer, first_name! text, last_name! text, address_id! integer, email text, store_id! integer, active! boolean, username! text, password text, last_update! timestamptz, picture bytea", "address_id>address", "store_id>store"),
		spec("store", "store_id", "store_id! integer, manager_staff_id! integer, address_id! integer, last_update! timestamptz", "manager_staff_id>staff", "address_id>address"),
	}}
	payment := func(name string) introspect.Table {
		return spec(name, "payment_date,payment_id", "payment_id! integer, customer_id! integer, staff_id! integer, rental_id! integer, amount! numeric(5,2), payment_date! timestamptz",
			"customer_id>customer", "staff_id>staff", "rental_id>rental")
	}
	p := payment("payment")
	p.PartitionKey = "RANGE (payment_date)"
	s.Tables = append(s.Tables, p)
	for i := range 53 {
		part := payment(fmt.Sprintf("payment_p%04d_%02d", 2020+i/12, i%12+1))
		part.PartitionOf = &introspect.TableRef{Schema: "public", Name: "payment"}
		s.Tables = append(s.Tables, part)
	}
	view := func(name, cols string, kind string) introspect.Table {
		t := spec(name, "", cols)
		t.Kind = kind
		return t
	}
	s.Tables = append(s.Tables,
		view("actor_info", "actor_id integer, first_name text, last_name text, film_info text", introspect.KindView),
		view("customer_list", "id integer, name text, address text, zip_code text, phone text, city text, country text, notes text, sid integer", introspect.KindView),
		view("film_list", "fid integer, title text, description text, category text, price numeric(4,2), length smallint, rating mpaa_rating, actors text", introspect.KindView),
		view("nicer_but_slower_film_list", "fid integer, title text, description text, category text, price numeric(4,2), length smallint, rating mpaa_rating, actors text", introspect.KindView),
		view("sales_by_film_category", "category text, total_sales numeric", introspect.KindView),
		view("sales_by_store", "store text, manager text, total_sales numeric", introspect.KindView),
		view("staff_list", "id integer, name text, address text, zip_code text, phone text, city text, country text, sid integer", introspect.KindView),
		view("rental_by_category", "category text, total_sales numeric", introspect.KindMaterializedView),
	)
	return s
}

// chinookLike has the shape of the SQLite music store sample: 11 tables,
// one group, an employee hierarchy.
func chinookLike() introspect.Schema {
	return introspect.Schema{Name: "main", Tables: []introspect.Table{
		spec("Album", "AlbumId", "AlbumId! INTEGER, Title! NVARCHAR(160), ArtistId! INTEGER", "ArtistId>Artist"),
		spec("Artist", "ArtistId", "ArtistId! INTEGER, Name NVARCHAR(120)"),
		spec("Customer", "CustomerId", "CustomerId! INTEGER, FirstName! NVARCHAR(40), LastName! NVARCHAR(20), Company NVARCHAR(80), Address NVARCHAR(70), City NVARCHAR(40), State NVARCHAR(40), Country NVARCHAR(40), PostalCode NVARCHAR(10), Phone NVARCHAR(24), Fax NVARCHAR(24), Email! NVARCHAR(60), SupportRepId INTEGER", "SupportRepId>Employee"),
		spec("Employee", "EmployeeId", "EmployeeId! INTEGER, LastName! NVARCHAR(20), FirstName! NVARCHAR(20), Title NVARCHAR(30), ReportsTo INTEGER, BirthDate DATETIME, HireDate DATETIME, Address NVARCHAR(70), City NVARCHAR(40), State NVARCHAR(40), Country NVARCHAR(40), PostalCode NVARCHAR(10), Phone NVARCHAR(24), Fax NVARCHAR(24), Email NVARCHAR(60)", "ReportsTo>Employee"),
		spec("Genre", "GenreId", "GenreId! INTEGER, Name NVARCHAR(120)"),
		spec("Invoice", "InvoiceId", "InvoiceId! INTEGER, CustomerId! INTEGER, InvoiceDate! DATETIME, BillingAddress NVARCHAR(70), BillingCity NVARCHAR(40), BillingState NVARCHAR(40), BillingCountry NVARCHAR(40), BillingPostalCode NVARCHAR(10), Total! NUMERIC(10,2)", "CustomerId>Customer"),
		spec("InvoiceLine", "InvoiceLineId", "InvoiceLineId! INTEGER, InvoiceId! INTEGER, TrackId! INTEGER, UnitPrice! NUMERIC(10,2), Quantity! INTEGER", "InvoiceId>Invoice", "TrackId>Track"),
		spec("MediaType", "MediaTypeId", "MediaTypeId! INTEGER, Name NVARCHAR(120)"),
		spec("Playlist", "PlaylistId", "PlaylistId! INTEGER, Name NVARCHAR(120)"),
		spec("PlaylistTrack", "PlaylistId,TrackId", "PlaylistId! INTEGER, TrackId! INTEGER", "PlaylistId>Playlist", "TrackId>Track"),
		spec("Track", "TrackId", "TrackId! INTEGER, Name! NVARCHAR(200), AlbumId INTEGER, MediaTypeId! INTEGER, GenreId INTEGER, Composer NVARCHAR(220), Milliseconds! INTEGER, Bytes INTEGER, UnitPrice! NUMERIC(10,2)", "AlbumId>Album", "MediaTypeId>MediaType", "GenreId>Genre"),
	}}
}

// islandsSchema has groups of tables joined by keys but not to each other,
// of different sizes (a star of 9, chains of 2 to 5, pairs), and 14 tables
// with no keys: the shape of a schema that grew by features.
func islandsSchema() introspect.Schema {
	s := introspect.Schema{Name: "app"}
	add := func(name, cols string, fks ...string) {
		s.Tables = append(s.Tables, spec(name, "id", "id! bigint, "+cols, fks...))
	}
	add("users", "email! text, name text, created_at timestamptz")
	for _, n := range []string{"sessions", "api_tokens", "user_settings", "avatars", "audit_events", "notifications", "invites", "password_resets", "oauth_links"} {
		add(n, "user_id bigint, created_at timestamptz, value text", "user_id>users")
	}
	for g, size := range []int{5, 4, 3, 3, 2, 2, 2} {
		prev := ""
		for i := range size {
			name := fmt.Sprintf("group%d_level%d", g, i)
			if prev == "" {
				add(name, "title text, body text, status text")
			} else {
				add(name, "parent_id bigint, title text, amount numeric(10,2)", "parent_id>"+prev)
			}
			prev = name
		}
	}
	for i := range 14 {
		add(fmt.Sprintf("lookup_%02d", i), "code text, label text")
	}
	return s
}
