// drizzle.config.ts
// Shape of wilson-pc/cnkojp.api drizzle.config.ts (test input).
import { defineConfig } from "drizzle-kit";
export default defineConfig({
  dialect: "turso",
  schema: "./src/schema/*",
  
  dbCredentials: {
    url: process.env.TURSO_DATABASE_URL!,
    authToken: process.env.TURSO_AUTH_TOKEN!
  },
});
