// Synthetic: process.env["X"], ?? fallback, as const, comments everywhere.
export default /* the config */ {
  dialect: "postgresql" as const, // a literal type
  dbCredentials: {
    url: process.env["DATABASE_URL"] ?? "postgres://localhost:5432/dev",
  },
  schemaFilter: "public",
} as const;
