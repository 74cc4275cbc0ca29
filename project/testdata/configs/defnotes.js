// Shape of chjenniferhede/DefNotes api/drizzle.config.js (test input).
export default {
  dialect: "sqlite",
  schema: "./src/db/schema.ts",
  out: "./drizzle",
  dbCredentials: {
    url: "./sqlite.db",
  },
};
