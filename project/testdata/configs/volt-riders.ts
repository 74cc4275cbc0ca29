// Shape of hemagome/volt-riders drizzle.config.ts (test input): drizzle-kit 0.21's sqlite + turso driver.
import { defineConfig } from "drizzle-kit";

export default defineConfig({
  dialect: "sqlite",
  driver: "turso",
  dbCredentials: {
    url: process.env.DATABASE_URL || "",
    authToken: process.env.DATABASE_AUTH_TOKEN,
  },
});
