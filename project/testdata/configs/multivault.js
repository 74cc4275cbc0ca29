// Shape of cooldev1337/multivault Backend/drizzle.config.js (test input).
import { defineConfig } from "drizzle-kit";
export default defineConfig({
  dialect: "turso",
  schema: "./src/db/schema.js",
  dbCredentials: {
    url: process.env.TURSO_CONNECTION_URL,
    authToken: process.env.TURSO_AUTH_TOKEN,
  },
});
