// Synthetic: PGlite.
export default { dialect: "postgresql", driver: "pglite", dbCredentials: { url: "./pgdata" } };
